package dev.stevedore.api;

/** How a build's {@code RUN} steps are isolated ({@code --isolation}), as Buildah names the choice. */
public enum Isolation {
    /** An OCI runtime (runc, or {@code --runtime}): namespaces, capabilities, seccomp — a container. The default. */
    OCI,
    /** A chroot of the step's root and nothing more: for where namespaces are forbidden. */
    CHROOT
}
