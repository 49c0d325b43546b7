package dev.stevedore.context;

import dev.stevedore.diag.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves paths inside a context root as a chroot would, as BuildKit and containerd do: a
 * path is cleaned against the root ({@code ..} stops there, so {@code ../x} is the root's
 * {@code x}); each symlink met on the way is followed inside the root, an absolute target
 * restarting at the root. So nothing resolved here is ever outside the root: the only files
 * touched while resolving are {@code lstat}s and {@code readlink}s of paths whose parents are
 * real directories of the root.
 */
final class ContextResolver {

    /** Linux's {@code MAXSYMLINKS}: more links than this in one resolution is a loop. */
    private static final int MAX_LINKS = 40;

    private final Path root;

    ContextResolver(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /**
     * Where {@code path} (as a COPY source or a tar entry names it) is inside the root.
     *
     * @param followLast whether a symlink as the last component is followed too
     * @throws InvalidInputException on a symlink loop or a path the host cannot represent
     */
    ContextPath resolve(String path, boolean followLast) {
        // lexically first, as BuildKit cleans a source before it looks at the disk: link/.. is "."
        Deque<String> pending = new ArrayDeque<>(components(GoPath.clean("/" + path)));
        List<String> resolved = new ArrayList<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String c = pending.pop();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.removeLast();
                }
                continue;
            }
            Path host = host(resolved, c, path);
            if ((pending.isEmpty() && !followLast) || !Files.isSymbolicLink(host)) {
                resolved.add(c);
                continue;
            }
            if (++links > MAX_LINKS) {
                throw new InvalidInputException("cannot resolve \"" + path + "\" in the build context: too many levels of symbolic links");
            }
            String target = readLink(host);
            if (target.startsWith("/")) {
                resolved.clear();
            }
            List<String> targetParts = components(target);
            for (int i = targetParts.size() - 1; i >= 0; i--) {
                pending.push(targetParts.get(i));
            }
        }
        String rel = resolved.isEmpty() ? "." : String.join("/", resolved);
        return new ContextPath(rel, resolved.isEmpty() ? root : root.resolve(rel));
    }

    private Path host(List<String> parents, String name, String original) {
        try {
            Path p = root;
            for (String parent : parents) {
                p = p.resolve(parent);
            }
            return p.resolve(name);
        } catch (InvalidPathException e) {
            throw new InvalidInputException("invalid path \"" + original + "\" in the build context: " + e.getReason());
        }
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read symbolic link " + link, e);
        }
    }

    private static List<String> components(String path) {
        List<String> out = new ArrayList<>();
        for (String c : path.split("/")) {
            if (!c.isEmpty()) {
                out.add(c);
            }
        }
        return out;
    }
}
