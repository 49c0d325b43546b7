package dev.stevedore.exec.mounts;

import dev.stevedore.linux.FileCalls;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Copies and deletes file trees. A copy keeps modes (setuid and sticky bits too), owners and
 * modification times of directories, files and symlinks; hard links become separate files and
 * other special files (fifos, sockets, devices) are skipped: a cache seed or a throwaway copy
 * does not need them.
 */
final class Trees {

    private Trees() {}

    /** Copies {@code source} (a file, a symlink or a directory tree) to the new path {@code target}. */
    static void copy(Path source, Path target) throws IOException {
        List<Path[]> dirTimes = new ArrayList<>();
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path to = target.resolve(source.relativize(dir).toString());
                Files.createDirectory(to);
                copyMetadata(dir, to);
                dirTimes.add(new Path[] {dir, to});
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path to = file.equals(source) ? target : target.resolve(source.relativize(file).toString());
                if (attrs.isSymbolicLink()) {
                    Files.createSymbolicLink(to, Files.readSymbolicLink(file));
                    copyOwner(file, to);
                } else if (attrs.isRegularFile()) {
                    Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    copyMetadata(file, to);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        // Last, so that creating the entries does not change the directories' times again.
        for (Path[] pair : dirTimes.reversed()) {
            Files.setLastModifiedTime(pair[1], Files.getLastModifiedTime(pair[0], LinkOption.NOFOLLOW_LINKS));
        }
    }

    private static void copyMetadata(Path from, Path to) throws IOException {
        copyOwner(from, to);
        Map<String, Object> attrs = Files.readAttributes(from, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        FileCalls.chmod(to, (Integer) attrs.get("mode") & 07777);
        FileTime mtime = Files.getLastModifiedTime(from, LinkOption.NOFOLLOW_LINKS);
        Files.setLastModifiedTime(to, mtime);
    }

    private static void copyOwner(Path from, Path to) throws IOException {
        Map<String, Object> attrs = Files.readAttributes(from, "unix:uid,gid", LinkOption.NOFOLLOW_LINKS);
        if (FileCalls.getuid() == 0) {
            FileCalls.lchown(to, (Integer) attrs.get("uid"), (Integer) attrs.get("gid"));
        }
    }
}
