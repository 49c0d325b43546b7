package dev.stevedore.runtime;

/** How RUN is isolated ({@code --isolation}), as Buildah names the choice. */
public enum Isolation {
    /** An OCI runtime (runc or crun): namespaces, capabilities, seccomp — a container. The default. */
    OCI,
    /** A chroot of the step's root and nothing more ({@link ChrootRuntime}): for where namespaces are forbidden. */
    CHROOT
}
