package dev.stevedore.runtime;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.fs.RootedPaths;
import dev.stevedore.linux.FileCalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Creates a run's working directory when missing, before the container starts, owned by the
 * run's user with mode 0755 (as BuildKit's {@code idtools.MkdirAllAndChown}). Unlike mount stubs
 * it stays: a RUN's {@code WORKDIR} belongs to its layer, as under Docker.
 */
final class WorkingDir {

    private WorkingDir() {}

    static void create(Path rootfs, String cwd, ResolvedUser user) throws IOException {
        String prefix = "";
        for (String name : cwd.split("/")) {
            if (name.isEmpty()) {
                continue;
            }
            prefix = prefix + "/" + name;
            Path host = RootedPaths.resolve(rootfs, prefix, "the root filesystem");
            if (Files.isDirectory(host)) {
                continue;
            }
            if (Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidInputException("working directory " + cwd + ": " + prefix + " is not a directory");
            }
            Files.createDirectory(host);
            FileCalls.lchown(host, user.uid(), user.gid());
            FileCalls.chmod(host, 0755);
        }
    }
}
