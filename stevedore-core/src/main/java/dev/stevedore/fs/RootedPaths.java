package dev.stevedore.fs;

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
 * Resolves a path inside a root directory as a {@code chroot} would, the way containerd and
 * BuildKit do: {@code ..} stops at the root, and each symlink met on the way is followed
 * <em>inside</em> the root, an absolute target restarting at it. The result is always under the
 * root: reading {@code /etc/passwd} through a hostile image's {@code /etc -> /host/etc} link reads
 * the image's own file or nothing, never the host's. Components that do not exist are appended as
 * they are, so the result may not exist.
 *
 * <p>Used wherever a path named by untrusted input is looked up in a tree: the build context
 * (COPY sources), an image's root filesystem (COPY destinations, WORKDIR, {@code /etc/passwd}).
 * The layer applier has its own walk, since it also creates the directories it passes through.
 */
public final class RootedPaths {

    /** Linux's {@code MAXSYMLINKS}: more links than this in one resolution is a loop (ELOOP). */
    public static final int MAX_LINKS = 40;

    private RootedPaths() {}

    /**
     * The host path of {@code path} under {@code root}, every symlink followed inside the root.
     *
     * @param where what the root is, for the error message ({@code "the build context"})
     * @throws InvalidInputException on a symlink loop, or a path the host cannot represent
     */
    public static Path resolve(Path root, String path, String where) {
        return join(root, components(root, path, path, true, where));
    }

    /**
     * The components, relative to {@code root}, of what {@code path} names: every symlink
     * followed inside the root, the last one only when {@code followLast}.
     *
     * @param asWritten the path as the user wrote it, for the error message
     * @param where     what the root is, for the error message ({@code "the build context"})
     * @throws InvalidInputException on a symlink loop, or a path the host cannot represent
     */
    public static List<String> components(Path root, String path, String asWritten, boolean followLast, String where) {
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
            Path candidate = host(root, resolved, name, asWritten, where);
            if ((pending.isEmpty() && !followLast) || !Files.isSymbolicLink(candidate)) {
                resolved.add(name);
                continue;
            }
            if (++links > MAX_LINKS) {
                throw new InvalidInputException("cannot resolve \"" + asWritten + "\" in " + where
                        + ": too many levels of symbolic links");
            }
            String target = readLink(candidate);
            if (target.startsWith("/")) {
                resolved.clear();
            }
            List<String> parts = split(target);
            for (int i = parts.size() - 1; i >= 0; i--) {
                pending.addFirst(parts.get(i));
            }
        }
        return resolved;
    }

    /** {@code root} with {@code names} appended. */
    public static Path join(Path root, List<String> names) {
        Path p = root;
        for (String name : names) {
            p = p.resolve(name);
        }
        return p;
    }

    private static Path host(Path root, List<String> parents, String name, String path, String where) {
        try {
            return join(root, parents).resolve(name);
        } catch (InvalidPathException e) {
            throw new InvalidInputException("invalid path \"" + path + "\" in " + where + ": " + e.getReason());
        }
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read symbolic link " + link, e);
        }
    }

    private static List<String> split(String path) {
        return List.of(path.split("/", -1));
    }
}
