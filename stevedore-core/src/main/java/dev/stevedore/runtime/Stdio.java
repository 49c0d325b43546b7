package dev.stevedore.runtime;

/**
 * How a run's standard streams meet Stevedore's own. A build's RUN is always {@link #PIPED};
 * {@code stevedore run -i} and {@code -t} hand the container this process's own terminal.
 *
 * @param ownInput the container reads this process's own standard input as it comes ({@code run -i}
 *                 on a terminal); otherwise it reads {@link ProcessSpec#stdin()}'s bytes
 * @param terminal the container gets a pseudo-terminal of its own (runc's {@code terminal: true}),
 *                 which runc relays to this process's own standard output, with the calling terminal
 *                 in raw mode and its window size passed on (at start and on {@code SIGWINCH});
 *                 otherwise output comes line by line to the run's {@link OutputListener}
 */
public record Stdio(boolean ownInput, boolean terminal) {

    /** Input from the spec's bytes, output lines to the listener: a build's RUN. */
    public static final Stdio PIPED = new Stdio(false, false);
}
