package dev.stevedore.snapshot;

import dev.stevedore.linux.UserNamespace;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The option string of an overlay mount. The kernel copies mount options into one page, so
 * the string (and its NUL) must fit in {@link #LIMIT} bytes; {@link Stacks} keeps it there.
 *
 * <p>{@code redirect_dir}, {@code metacopy} and {@code index} are forced off whatever the
 * kernel's defaults: with them, a rename or a chmod would be recorded in xattrs of the upper
 * dir that a layer diff cannot express, and an upper dir could not later serve as a lower.
 */
record OverlayOptions(List<Path> lowersTopFirst, Path upper, Path work) {

    /** One page (4096 bytes) minus the terminating NUL. */
    static final int LIMIT = 4095;

    private static final String FEATURES = "redirect_dir=off,metacopy=off,index=off";
    /**
     * In a user namespace (rootless) overlay may not use {@code trusted.*} xattrs: with
     * {@code userxattr} (kernel 5.11) it reads its marks from {@code user.overlay.*}, which the
     * layer applier then writes. The kernel refuses {@code userxattr} with redirects followed
     * (what {@code redirect_dir=off} means), so redirects are not even followed.
     */
    private static final String ROOTLESS_FEATURES = "redirect_dir=nofollow,metacopy=off,index=off,userxattr";

    OverlayOptions {
        lowersTopFirst = List.copyOf(lowersTopFirst);
    }

    static OverlayOptions readOnly(List<Path> lowersTopFirst) {
        return new OverlayOptions(lowersTopFirst, null, null);
    }

    boolean readOnly() {
        return upper == null;
    }

    String text() {
        return fuseText() + ',' + (UserNamespace.current().rootless() ? ROOTLESS_FEATURES : FEATURES);
    }

    /** The options fuse-overlayfs takes: the directories only; it has no redirects, metacopy or index to turn off. */
    String fuseText() {
        String lowers = lowersTopFirst.stream().map(OverlayOptions::escape).collect(Collectors.joining(":"));
        StringBuilder text = new StringBuilder("lowerdir=").append(lowers);
        if (!readOnly()) {
            text.append(",upperdir=").append(escape(upper)).append(",workdir=").append(escape(work));
        }
        return text.toString();
    }

    /** The length of {@link #text()} in bytes, as the kernel counts it. */
    int length() {
        return text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    boolean fits() {
        return length() <= LIMIT;
    }

    /** Overlay splits its options at {@code ,} and lower dirs at {@code :}; a backslash escapes either. */
    static String escape(Path path) {
        return path.toString().replace("\\", "\\\\").replace(":", "\\:").replace(",", "\\,");
    }
}
