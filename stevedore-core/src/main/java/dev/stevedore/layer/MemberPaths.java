package dev.stevedore.layer;

import dev.stevedore.diag.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Paths inside a root directory that can never lead out of it, the way a chroot sees them.
 * Member names are cleaned lexically ({@code ..} that would climb above the root is refused);
 * parent directories are then resolved one component at a time with {@code lstat}: a symlink
 * met on the way is followed <em>inside</em> the root (an absolute target starts again at the
 * root, {@code ..} stops at it), never on the host. The last component is never followed.
 */
final class MemberPaths {

    /** Linux gives up after 40 symlinks (ELOOP); so do we. */
    private static final int MAX_LINKS = 40;

    private final Path root;

    MemberPaths(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /**
     * The components of a member name: leading {@code /} and {@code ./} dropped, {@code .}
     * skipped, {@code ..} applied; empty for the root itself.
     */
    static List<String> clean(String name, String what) {
        if (name.indexOf('\0') >= 0) {
            throw new InvalidInputException("layer member " + quote(what) + " has a NUL character in its name");
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            switch (part) {
                case "", "." -> { }
                case ".." -> {
                    if (parts.isEmpty()) {
                        throw new InvalidInputException("layer member " + quote(what)
                                + " escapes the target directory with \"..\"");
                    }
                    parts.removeLast();
                }
                default -> parts.add(part);
            }
        }
        return parts;
    }

    /**
     * The real directory that holds {@code parts}'s last component, every symlink on the way
     * resolved inside the root.
     *
     * @param create make missing parents (mode 0755), as tar does; otherwise empty when one is missing
     */
    Optional<Path> parentOf(List<String> parts, boolean create, String member) throws IOException {
        return resolveDirectory(parts.subList(0, parts.size() - 1), create, member);
    }

    /** The real path of the directory named by {@code parts}, resolved inside the root. */
    Optional<Path> resolveDirectory(List<String> parts, boolean create, String member) throws IOException {
        Deque<String> todo = new ArrayDeque<>(parts);
        List<String> resolved = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.removeFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.removeLast();
                }
                continue;
            }
            Path candidate = join(resolved).resolve(part);
            BasicFileAttributes attrs = lstat(candidate);
            if (attrs == null) {
                if (!create) {
                    return Optional.empty();
                }
                Files.createDirectory(candidate);
                resolved.add(part);
            } else if (attrs.isSymbolicLink()) {
                if (++links > MAX_LINKS) {
                    throw new InvalidInputException("layer member " + quote(member)
                            + ": too many levels of symbolic links in its parent directories");
                }
                String target = Files.readSymbolicLink(candidate).toString();
                if (target.startsWith("/")) {
                    resolved.clear();
                }
                List<String> targetParts = List.of(target.split("/"));
                for (int i = targetParts.size() - 1; i >= 0; i--) {
                    todo.addFirst(targetParts.get(i));
                }
            } else if (attrs.isDirectory()) {
                resolved.add(part);
            } else {
                throw new InvalidInputException("layer member " + quote(member) + ": \"" + String.join("/", resolved)
                        + (resolved.isEmpty() ? "" : "/") + part + "\" is not a directory");
            }
        }
        return Optional.of(join(resolved));
    }

    private Path join(List<String> parts) {
        Path p = root;
        for (String part : parts) {
            p = p.resolve(part);
        }
        return p;
    }

    /** The attributes of {@code path} itself, or null when nothing is there. */
    static BasicFileAttributes lstat(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    static String quote(String name) {
        return "\"" + name + "\"";
    }
}
