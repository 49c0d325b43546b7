package dev.stevedore.context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Builds small directory trees for tests, fluently. */
final class Tree {

    private final Path root;

    private Tree(Path root) {
        this.root = root;
    }

    static Tree at(Path root) {
        return new Tree(root);
    }

    Path root() {
        return root;
    }

    Tree file(String path, String content) {
        return io(() -> {
            Path p = root.resolve(path);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content, StandardCharsets.UTF_8);
        });
    }

    Tree dir(String path) {
        return io(() -> Files.createDirectories(root.resolve(path)));
    }

    Tree link(String path, String target) {
        return io(() -> {
            Path p = root.resolve(path);
            Files.createDirectories(p.getParent());
            Files.createSymbolicLink(p, Path.of(target));
        });
    }

    Tree mode(String path, String rwx) {
        return io(() -> Files.setPosixFilePermissions(root.resolve(path), PosixFilePermissions.fromString(rwx)));
    }

    /** Deletes every symlink under {@code dir}, so JUnit need not warn about links leaving it. */
    static void removeSymlinks(Path dir) throws IOException {
        try (var all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isSymbolicLink).toList()) {
                Files.delete(p);
            }
        }
    }

    private interface Io {
        void run() throws IOException;
    }

    private Tree io(Io action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
