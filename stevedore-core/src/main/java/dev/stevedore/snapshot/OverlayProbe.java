package dev.stevedore.snapshot;

import dev.stevedore.fs.FileTrees;
import dev.stevedore.linux.ErrnoException;
import dev.stevedore.linux.Mounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether this process may mount the overlays snapshots are, tried once on a scratch directory
 * with the options a RUN step's mount would have, so that {@link SnapshotterChoice} knows a
 * refusal before a build's first RUN.
 */
final class OverlayProbe {

    private OverlayProbe() {}

    /** Empty when {@code kind} mounts an overlay in {@code scratch} (made and removed here), else its refusal. */
    static Optional<String> refusal(SnapshotterKind kind, Path scratch) throws IOException {
        Path dir = Files.createTempDirectory(Files.createDirectories(scratch), "overlay-probe-");
        try {
            Path lower = Files.createDirectory(dir.resolve("l"));
            Path merged = Files.createDirectory(dir.resolve("m"));
            OverlayOptions options = new OverlayOptions(List.of(lower), Files.createDirectory(dir.resolve("u")),
                    Files.createDirectory(dir.resolve("w")));
            try {
                switch (kind) {
                    case OVERLAYFS -> Mounts.mount("overlay", merged, "overlay", 0, options.text());
                    case FUSE_OVERLAYFS -> FuseOverlay.mount(options, merged);
                    case NATIVE -> {
                        return Optional.empty(); // copies: nothing to mount
                    }
                }
            } catch (ErrnoException e) {
                return Optional.of(e.getMessage());
            } catch (dev.stevedore.diag.StevedoreException e) {
                return Optional.of(e.getMessage());
            }
            Mounts.umount2(merged, Mounts.MNT_DETACH);
            return Optional.empty();
        } finally {
            FileTrees.delete(dir);
        }
    }
}
