package dev.stevedore.layer;

import dev.stevedore.linux.Xattrs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Turns an overlayfs upper directory (what a RUN or COPY changed) into an OCI layer, streamed
 * straight into a {@link LayerWriter}: a deleted file (a 0/0 character device) becomes a
 * {@code .wh.<name>} member, a directory marked {@code trusted.overlay.opaque=y} gets a
 * {@code .wh..wh..opq} member right after its own, before its children.
 *
 * <p>Given the lower directories, a directory of the upper dir that overlayfs merely copied up
 * (to create a file inside it, e.g. a mount-point stub removed again) is left out, as
 * containerd's overlay differ does: a non-opaque directory whose type, mode, owner, mtime and
 * xattrs equal those of the topmost lower entry at the same path. Such a directory is still
 * written, just before the first member below it, when something inside it changed, so every
 * member's parent precedes it, as in BuildKit's layers.
 */
public final class OverlayDiffer {

    private static final byte[] YES = {'y'};

    private OverlayDiffer() {}

    /** Writes the layer for {@code upper} to {@code out}, every directory of the upper dir included. */
    public static Layer diff(Path upper, OutputStream out, LayerOptions options) throws IOException {
        return diff(upper, List.of(), out, options);
    }

    /**
     * Writes the layer for {@code upper} to {@code out}, leaving out the directories that are
     * unchanged against {@code lowers} (top first) and hold no change.
     */
    public static Layer diff(Path upper, List<Path> lowers, OutputStream out, LayerOptions options)
            throws IOException {
        LayerWriter writer = LayerWriter.open(out, options);
        new Walk(writer).dir(upper, "", LowerDirs.of(lowers));
        return writer.finish();
    }

    /** One pass over the upper dir; {@code pending} holds the skipped directories above the current one. */
    private record Walk(LayerWriter writer, Deque<Pending> pending) {

        Walk(LayerWriter writer) {
            this(writer, new ArrayDeque<>());
        }

        void dir(Path dir, String prefix, LowerDirs lowers) throws IOException {
            for (Path child : LayerWriter.sortedChildren(dir)) {
                String name = child.getFileName().toString();
                SourceFile file = SourceFile.lstat(child);
                if (file.isOverlayWhiteout()) {
                    flushPending();
                    writer.addWhiteout(prefix + Whiteouts.PREFIX + name, child);
                } else if (file.type() == SourceFile.S_IFDIR) {
                    subdir(child, prefix + name, file, lowers.child(name));
                } else {
                    flushPending();
                    writer.addFile(prefix + name, child);
                }
            }
        }

        private void subdir(Path child, String name, SourceFile file, LowerDirs lowers) throws IOException {
            boolean opaque = isOpaque(child);
            if (!opaque && unchanged(file, lowers)) {
                pending.addLast(new Pending(name, child));
                dir(child, name + "/", lowers);
                // still there: nothing below it was written, so it is left out
                if (!pending.isEmpty() && pending.peekLast().path().equals(child)) {
                    pending.removeLast();
                }
                return;
            }
            flushPending();
            writer.addFile(name, child);
            if (opaque) {
                writer.addWhiteout(name + "/" + Whiteouts.OPAQUE, child);
            }
            dir(child, name + "/", opaque ? LowerDirs.of(List.of()) : lowers);
        }

        /** Writes the skipped directories above the member about to be written, outermost first. */
        private void flushPending() throws IOException {
            while (!pending.isEmpty()) {
                Pending p = pending.removeFirst();
                writer.addFile(p.name(), p.path());
            }
        }
    }

    private record Pending(String name, Path path) {}

    /** Whether {@code upper} (a directory) has the metadata of the topmost lower entry at its path. */
    private static boolean unchanged(SourceFile upper, LowerDirs lowers) throws IOException {
        if (lowers.top().isEmpty()) {
            return false;
        }
        SourceFile lower = SourceFile.lstat(lowers.top().get());
        return lower.mode() == upper.mode() && lower.uid() == upper.uid() && lower.gid() == upper.gid()
                && lower.mtime().equals(upper.mtime()) && sameXattrs(upper, lower);
    }

    /** Whether {@code a} and {@code b} carry the same extended attributes, values and all. */
    static boolean sameXattrs(SourceFile a, SourceFile b) throws IOException {
        var x = a.xattrs();
        var y = b.xattrs();
        if (!x.keySet().equals(y.keySet())) {
            return false;
        }
        for (var e : x.entrySet()) {
            if (!Arrays.equals(e.getValue(), y.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    static boolean isOpaque(Path dir) throws IOException {
        return Xattrs.get(dir, Whiteouts.OVERLAY_OPAQUE).map(v -> Arrays.equals(v, YES)).orElse(false)
                || Xattrs.get(dir, Whiteouts.USER_OVERLAY_OPAQUE).map(v -> Arrays.equals(v, YES)).orElse(false);
    }
}
