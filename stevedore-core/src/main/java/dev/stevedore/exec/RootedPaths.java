package dev.stevedore.exec;

import dev.stevedore.diag.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a path of the container inside its root filesystem as a {@code chroot} would: an
 * absolute symlink target restarts at the root, {@code ..} stops there. The result is always
 * under the root, so reading {@code /etc/passwd} through a hostile image's
 * {@code /etc -> /host/etc} link reads the image's own file or nothing, never the host's.
 */
final class RootedPaths {

    /** Linux's limit (ELOOP after 40 links). */
    private static final int MAX_LINKS = 40;

    private RootedPaths() {}

    /**
     * The host path of {@code path} under {@code root}, symlinks followed inside the root. Missing
     * components are appended as they are; the result may not exist.
     */
    static Path resolve(Path root, String path) throws IOException {
        Deque<String> pending = new ArrayDeque<>(split(path));
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
                throw new InvalidInputException("too many levels of symbolic links in " + path);
            }
            String target = Files.readSymbolicLink(candidate).toString();
            if (target.startsWith("/")) {
                resolved.clear();
            }
            List<String> parts = split(target);
            for (int i = parts.size() - 1; i >= 0; i--) {
                pending.addFirst(parts.get(i));
            }
        }
        return join(root, resolved);
    }

    private static List<String> split(String path) {
        return List.of(path.split("/", -1));
    }

    private static Path join(Path root, List<String> names) {
        Path p = root;
        for (String name : names) {
            p = p.resolve(name);
        }
        return p;
    }
}
