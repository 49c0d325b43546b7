package dev.stevedore.snapshot;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Removing and measuring directory trees, never following symlinks nor crossing into a mount. */
final class FileTrees {

    private FileTrees() {}

    /** The sizes of the regular files under {@code root}; a hard-linked inode counts once. */
    static long bytes(Path root) throws IOException {
        Set<Object> inodes = new HashSet<>();
        long[] total = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    Map<String, Object> unix = Files.readAttributes(file, "unix:ino,nlink", LinkOption.NOFOLLOW_LINKS);
                    if ((int) unix.get("nlink") == 1 || inodes.add(unix.get("ino"))) {
                        total[0] += attrs.size();
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }
}
