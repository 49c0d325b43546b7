package dev.stevedore.runtime;

/**
 * The network a process sees: {@code RUN --network=default} (a private network, as Docker's
 * builder), {@code host} or {@code none}.
 */
public enum NetworkMode {
    /**
     * A network namespace of its own with outbound access through {@code slirp4netns} (a user-mode
     * TCP/IP stack in the host's namespace): the host's loopback services are out of reach,
     * package mirrors are not.
     */
    PRIVATE,
    /** The host's network: no network namespace; loopback services are reachable. */
    HOST,
    /** A new, empty network namespace: only {@code lo}, which is down. */
    NONE
}
