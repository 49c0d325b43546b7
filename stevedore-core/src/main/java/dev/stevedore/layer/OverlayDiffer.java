package dev.stevedore.layer;

import dev.stevedore.linux.Xattrs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Turns an overlayfs upper directory (what a RUN or COPY changed) into an OCI layer, streamed
 * straight into a {@link LayerWriter}: a deleted file (a 0/0 character device) becomes a
 * {@code .wh.<name>} member, a directory marked {@code trusted.overlay.opaque=y} gets a
 * {@code .wh..wh..opq} member right after its own, before its children.
 */
public final class OverlayDiffer {

    private static final byte[] YES = {'y'};

    private OverlayDiffer() {}

    /** Writes the layer for {@code upper} to {@code out}. */
    public static Layer diff(Path upper, OutputStream out, LayerOptions options) throws IOException {
        LayerWriter writer = LayerWriter.open(out, options);
        walk(writer, upper, "");
        return writer.finish();
    }

    private static void walk(LayerWriter writer, Path dir, String prefix) throws IOException {
        for (Path child : LayerWriter.sortedChildren(dir)) {
            String name = child.getFileName().toString();
            SourceFile file = SourceFile.lstat(child);
            if (file.isOverlayWhiteout()) {
                writer.addWhiteout(prefix + Whiteouts.PREFIX + name, child);
                continue;
            }
            writer.addFile(prefix + name, child);
            if (file.type() == SourceFile.S_IFDIR) {
                if (isOpaque(child)) {
                    writer.addWhiteout(prefix + name + "/" + Whiteouts.OPAQUE, child);
                }
                walk(writer, child, prefix + name + "/");
            }
        }
    }

    private static boolean isOpaque(Path dir) throws IOException {
        return Xattrs.get(dir, Whiteouts.OVERLAY_OPAQUE).map(v -> Arrays.equals(v, YES)).orElse(false)
                || Xattrs.get(dir, "user.overlay.opaque").map(v -> Arrays.equals(v, YES)).orElse(false);
    }
}
