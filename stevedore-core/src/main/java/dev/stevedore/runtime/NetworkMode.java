package dev.stevedore.runtime;

/** The network a process sees: {@code RUN --network=host} (the default) or {@code --network=none}. */
public enum NetworkMode {
    /** The host's network: no network namespace, so package mirrors are reachable. */
    HOST,
    /** A new, empty network namespace: only {@code lo}, which is down. */
    NONE
}
