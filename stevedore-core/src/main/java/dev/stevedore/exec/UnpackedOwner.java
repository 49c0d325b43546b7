package dev.stevedore.exec;

import dev.stevedore.exec.sources.Archives;
import dev.stevedore.linux.FileCalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ADD --chown} of a local archive: every member the archive names, once unpacked, is owned
 * by the given user, as moby's untar does with {@code ChownOpts} (which BuildKit passes since
 * moby#35525). Parent directories the unpacking created because the archive did not name them
 * stay root's, as moby creates them with the root identity. Members are found as the unpacking
 * placed them: parents resolved inside the destination like a chroot, the last name not followed,
 * so a symlink member is chowned itself and nothing outside the destination is touched.
 */
final class UnpackedOwner {

    private UnpackedOwner() {}

    static void apply(Path archive, Path destDir, int uid, int gid) throws IOException {
        for (String member : Archives.members(archive)) {
            List<String> names = dev.stevedore.fs.RootedPaths.components(destDir, member, member, false,
                    "the unpacked archive");
            Path at = dev.stevedore.fs.RootedPaths.join(destDir, names);
            if (Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                FileCalls.lchown(at, uid, gid);
            }
        }
    }
}
