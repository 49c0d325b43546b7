package dev.stevedore.exec.mounts;

import dev.stevedore.diag.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Paths of mounts: a {@code source=} resolved inside its root as a {@code chroot} would (an
 * absolute symlink restarts at the root, {@code ..} stops there), so a bind can never reach
 * outside the stage, image or context it names; and targets made absolute against the
 * working directory, as BuildKit does.
 */
final class InsidePath {

    /** Linux's limit (ELOOP after 40 links). */
    private static final int MAX_LINKS = 40;

    private InsidePath() {}

    /** The host path of {@code path} under {@code root}; the result is under {@code root} and may not exist. */
    static Path resolve(Path root, String path) throws IOException {
        Deque<String> pending = new ArrayDeque<>(List.of(path.split("/")));
        List<String> resolved = new ArrayList<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String name = pending.removeFirst();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.removeLast();
                }
                continue;
            }
            Path candidate = join(root, resolved).resolve(name);
            if (!Files.isSymbolicLink(candidate)) {
                resolved.add(name);
                continue;
            }
            if (++links > MAX_LINKS) {
                throw new InvalidInputException("too many levels of symbolic links in mount source " + path);
            }
            String target = Files.readSymbolicLink(candidate).toString();
            if (target.startsWith("/")) {
                resolved.clear();
            }
            List<String> parts = List.of(target.split("/"));
            for (int i = parts.size() - 1; i >= 0; i--) {
                pending.addFirst(parts.get(i));
            }
        }
        return join(root, resolved);
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

    private static Path join(Path root, List<String> names) {
        Path p = root;
        for (String name : names) {
            p = p.resolve(name);
        }
        return p;
    }
}
