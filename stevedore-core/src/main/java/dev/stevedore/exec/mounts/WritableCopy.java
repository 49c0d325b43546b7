package dev.stevedore.exec.mounts;

import dev.stevedore.linux.Mounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code RUN --mount=type=bind,rw} mounts: the source made writable without ever being
 * changed. A directory gets an overlay with a throwaway upper dir over it; a single file, a
 * copy. Both live in a scratch dir removed when the step's mounts close.
 */
final class WritableCopy {

    /** As the snapshots' overlays: nothing recorded in xattrs, no index tying the lower to this mount. */
    private static final String OPTIONS = ",index=off,redirect_dir=off,metacopy=off";

    private WritableCopy() {}

    /** A writable stand-in for {@code source}, removed by {@code prepared}'s close. */
    static Path of(Path source, Path scratch, PreparedMounts prepared) throws IOException {
        Path dir = ScratchDirs.create(scratch, ScratchDirs.BIND);
        prepared.onClose(() -> ScratchDirs.remove(dir));
        if (!Files.isDirectory(source)) {
            Path copy = dir.resolve("file");
            Trees.copy(source.toRealPath(), copy);
            return copy;
        }
        Path upper = Files.createDirectory(dir.resolve("upper"));
        Path work = Files.createDirectory(dir.resolve("work"));
        Path merged = Files.createDirectory(dir.resolve("merged"));
        Mounts.mount("overlay", merged, "overlay", 0,
                "lowerdir=" + source + ",upperdir=" + upper + ",workdir=" + work + OPTIONS);
        return merged;
    }
}
