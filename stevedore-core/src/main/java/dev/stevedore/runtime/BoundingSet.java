package dev.stevedore.runtime;

import dev.stevedore.linux.ProcessCapabilities;

/**
 * The capability bounding set of this process ({@code CapBnd} in {@code /proc/self/status}): a
 * container can get no capability outside it, and runc fails when asked to, so "every
 * capability" (an insecure RUN) means every one of these, as containerd's
 * {@code WithAllCurrentCapabilities}.
 */
final class BoundingSet {

    /** Bit n set: capability n is in the set; all bits when it cannot be read. */
    static final long MASK = ProcessCapabilities.bounding();

    private BoundingSet() {}
}
