package dev.stevedore.layer;

import dev.stevedore.linux.Device;
import dev.stevedore.linux.FileCalls;
import dev.stevedore.linux.Xattrs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes a fuse-overlayfs upper dir what the kernel's overlayfs would have left, so that
 * {@link OverlayDiffer} writes the same layer and the dir can be a lower of either. fuse-overlayfs
 * marks every directory it creates opaque, with the xattr and a {@code .wh..wh..opq} file, and
 * whites out names no lower has, and may leave {@code .wh.}-named entries of its own: here a directory is opaque only where it hides
 * something of the lowers (as the kernel marks only a directory made over a deleted entry), a
 * {@code .wh.NAME} file becomes the kernel's whiteout of NAME, a whiteout hiding nothing goes, and
 * so does the rest of its bookkeeping.
 * No layer member may be named {@code .wh.*} (it would be a whiteout), so none of it is content.
 */
public final class FuseUpperDir {

    private FuseUpperDir() {}

    /** Rewrites {@code upper} in place; {@code lowersTopFirst} are the lower dirs it was mounted on. */
    public static void normalize(Path upper, List<Path> lowersTopFirst) throws IOException {
        dir(upper, LowerDirs.of(lowersTopFirst), false);
    }

    /** Whether a lower has something at this path that a whiteout hides (not nothing, not a whiteout). */
    private static boolean hidesSomething(LowerDirs lowers) throws IOException {
        return lowers.top().isPresent() && !SourceFile.lstat(lowers.top().get()).isOverlayWhiteout();
    }

    private static void dir(Path dir, LowerDirs lowers, boolean hidesLowers) throws IOException {
        boolean opaque = OverlayDiffer.isOpaque(dir);
        for (Path child : LayerWriter.sortedChildren(dir)) {
            String name = child.getFileName().toString();
            if (name.equals(Whiteouts.OPAQUE)) {
                opaque = true;
                Files.delete(child);
            } else if (name.startsWith(Whiteouts.PREFIX)) {
                // a regular .wh.NAME is its whiteout of NAME; anything else so named (.wh..wh.*, a
                // device named .wh..opq) is bookkeeping
                boolean whiteout = !name.startsWith(Whiteouts.META_PREFIX)
                        && Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS);
                Path hidden = dir.resolve(name.substring(Whiteouts.PREFIX.length()));
                Files.delete(child);
                if (whiteout && !Files.exists(hidden, LinkOption.NOFOLLOW_LINKS)) {
                    FileCalls.mknod(hidden, FileCalls.S_IFCHR, new Device(0, 0));
                }
            } else if (SourceFile.lstat(child).isOverlayWhiteout() && !hidesSomething(lowers.child(name))) {
                Files.delete(child); // fuse-overlayfs whites out even what only its upper dir had (mount-point stubs)
            } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                LowerDirs below = lowers.child(name);
                dir(child, below, below.top().isPresent());
            }
        }
        Xattrs.remove(dir, Whiteouts.OVERLAY_OPAQUE);
        Xattrs.remove(dir, Whiteouts.USER_OVERLAY_OPAQUE);
        if (opaque && hidesLowers) {
            Xattrs.set(dir, Whiteouts.overlayOpaque(), new byte[] {'y'});
        }
    }
}
