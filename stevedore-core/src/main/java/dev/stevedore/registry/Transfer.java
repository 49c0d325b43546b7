package dev.stevedore.registry;

import dev.stevedore.oci.Digest;

/**
 * The progress of one blob or manifest being pulled or pushed.
 *
 * @param digest what is transferred
 * @param done   bytes transferred so far
 * @param total  the blob's size
 */
public record Transfer(Direction direction, Digest digest, State state, long done, long total) {

    public enum Direction { PULL, PUSH }

    public enum State {
        /** The transfer begins ({@code done} is 0). */
        STARTED,
        /** Some bytes moved. */
        PROGRESS,
        /** Already there: in the store (pull) or in the registry (push). */
        EXISTS,
        /** Pushed by cross-repository mount: no bytes moved. */
        MOUNTED,
        /** A failure that will be retried. */
        RETRYING,
        /** Complete and verified. */
        DONE
    }
}
