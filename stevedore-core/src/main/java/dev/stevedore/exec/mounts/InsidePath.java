package dev.stevedore.exec.mounts;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.fs.RootedPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Paths of mounts: a {@code source=} resolved inside its root as a {@code chroot} would (an
 * absolute symlink restarts at the root, {@code ..} stops there), so a bind can never reach
 * outside the stage, image or context it names; and targets made absolute against the
 * working directory, as BuildKit does.
 */
final class InsidePath {

    private InsidePath() {}

    /**
     * The host path of {@code path} under {@code root} (see {@link RootedPaths}); the result is
     * under {@code root} and may not exist.
     *
     * @param where what the root is, for messages ({@code "the build context"}, {@code "stage builder"})
     */
    static Path resolve(Path root, String path, String where) {
        return RootedPaths.resolve(root, path, where);
    }

    /**
     * {@code target} as an absolute, clean container path: a relative one is taken from
     * {@code workdir}. The root itself is refused: a mount there would hide the whole file system.
     */
    static String target(String target, String workdir) {
        if (target.isEmpty()) {
            throw new InvalidInputException("mount target is empty");
        }
        String joined = target.startsWith("/") ? target : workdir + "/" + target;
        List<String> names = new ArrayList<>();
        for (String name : joined.split("/")) {
            if (name.equals("..")) {
                if (!names.isEmpty()) {
                    names.removeLast();
                }
            } else if (!name.isEmpty() && !name.equals(".")) {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            throw new InvalidInputException("mount target " + target + " is the root directory, which cannot be"
                    + " mounted over");
        }
        return "/" + String.join("/", names);
    }
}
