package dev.stevedore.api;

/**
 * The network a build's {@code RUN} steps (or a run container) see when a step does not say:
 * {@code --network=default}, {@code host} or {@code none}.
 */
public enum NetworkMode {
    /**
     * A network namespace of its own with outbound access (a user-mode TCP/IP stack): the host's
     * loopback services are out of reach, package mirrors are not.
     */
    PRIVATE,
    /** The host's network: loopback services are reachable. */
    HOST,
    /** No network: only a loopback interface, which is down. */
    NONE
}
