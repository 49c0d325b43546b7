package dev.stevedore.layer;

import dev.stevedore.linux.ProcessCapabilities;
import dev.stevedore.linux.UserNamespace;

/**
 * How a layer says "deleted", and what the applier does with it. In an OCI layer a deleted
 * {@code name} is an empty member {@code .wh.name}, and {@code dir/.wh..wh..opq} hides all
 * that lower layers had in {@code dir}. Overlayfs says the same with a 0/0 character device and
 * the xattr {@code trusted.overlay.opaque=y}.
 */
public enum Whiteouts {
    /** Into a snapshot (an overlay lower dir): write overlay whiteouts. */
    OVERLAY,
    /** Onto a plain directory holding the layers below: delete what the whiteouts name. */
    DELETE,
    /**
     * Not a layer at all ({@code ADD} of a local tar archive): {@code .wh.} names are ordinary
     * files, as Docker's {@code archive.Untar} and BuildKit's ADD unpacking leave them.
     */
    NONE;

    static final String PREFIX = ".wh.";
    static final String OPAQUE = ".wh..wh..opq";
    /** Other {@code .wh..wh.} names are aufs bookkeeping, never content. */
    static final String META_PREFIX = ".wh..wh.";
    static final String OVERLAY_OPAQUE = "trusted.overlay.opaque";
    /** Overlay's opaque mark when mounted with {@code userxattr} (in a user namespace, rootless). */
    static final String USER_OVERLAY_OPAQUE = "user.overlay.opaque";

    /**
     * The opaque mark this process's overlay mounts read: {@code trusted.*} needs the host's root
     * (CAP_SYS_ADMIN in the initial namespace), so in a user namespace the snapshotter mounts with
     * {@code userxattr} and marks {@code user.*}; a root without CAP_SYS_ADMIN (a container's,
     * Kaniko's case) mounts nothing and marks {@code user.*} too, for the native snapshotter, which
     * reads either.
     */
    static String overlayOpaque() {
        return UserNamespace.current().initial() && ProcessCapabilities.effective(ProcessCapabilities.CAP_SYS_ADMIN)
                ? OVERLAY_OPAQUE
                : USER_OVERLAY_OPAQUE;
    }
}
