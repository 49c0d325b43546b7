package dev.stevedore.snapshot;

import dev.stevedore.fs.FileTrees;
import dev.stevedore.linux.ErrnoException;
import dev.stevedore.linux.Mounts;
import dev.stevedore.linux.UserNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether this process may mount the overlays snapshots are, tried once on a scratch directory
 * with the options a RUN step's mount would have: what {@code stevedore info} and {@code --debug}
 * report as the snapshotter, so that a refusal is known before a build's first RUN.
 */
public final class OverlayProbe {

    private OverlayProbe() {}

    /** Overlay as this process mounts it: in the host's namespace, or rootless with {@code userxattr}. */
    public static String name() {
        return UserNamespace.current().initial() ? "overlayfs" : "overlayfs in the user namespace (userxattr)";
    }

    /** Empty when an overlay mounts in {@code scratch} (made and removed here), else the kernel's refusal. */
    public static Optional<String> refusal(Path scratch) throws IOException {
        Path dir = Files.createTempDirectory(Files.createDirectories(scratch), "overlay-probe-");
        try {
            Path lower = Files.createDirectory(dir.resolve("l"));
            Path merged = Files.createDirectory(dir.resolve("m"));
            OverlayOptions options = new OverlayOptions(List.of(lower), Files.createDirectory(dir.resolve("u")),
                    Files.createDirectory(dir.resolve("w")));
            try {
                Mounts.mount("overlay", merged, "overlay", 0, options.text());
            } catch (ErrnoException e) {
                return Optional.of(e.getMessage());
            }
            Mounts.umount2(merged, Mounts.MNT_DETACH);
            return Optional.empty();
        } finally {
            FileTrees.delete(dir);
        }
    }
}
