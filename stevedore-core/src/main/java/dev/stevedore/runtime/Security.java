package dev.stevedore.runtime;

/**
 * How confined a process is: {@code RUN --security=sandbox} (the default) or {@code insecure}
 * (BuildKit's {@code security.insecure} entitlement, Docker's {@code --privileged}).
 */
public enum Security {
    /** Docker's confinement: its default capabilities, seccomp profile and masked {@code /proc} paths. */
    SANDBOX,
    /** Every capability, no seccomp filter, nothing masked: for builds that must mount or load modules. */
    INSECURE
}
