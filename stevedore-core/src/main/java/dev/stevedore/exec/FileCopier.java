package dev.stevedore.exec;

import dev.stevedore.linux.FileCalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * Copies a file tree into an image's root filesystem, the way BuildKit's file op does: content,
 * mode (setuid and sticky bits included) and modification time kept; owner from {@code --chown},
 * else the source's own (a stage or image) or root (the build context); {@code --chmod} applied
 * to every file and directory copied. Symlinks are copied as symlinks.
 */
final class FileCopier {

    /** Who owns the copies: {@code uid < 0} keeps the source's owner. */
    record Owner(int uid, int gid) {
        static final Owner KEEP = new Owner(-1, -1);
        static final Owner ROOT = new Owner(0, 0);
    }

    private final Owner owner;
    private final OptionalInt chmod;
    private final Predicate<Path> skip;

    FileCopier(Owner owner, OptionalInt chmod, Predicate<Path> skip) {
        this.owner = owner;
        this.chmod = chmod;
        this.skip = skip;
    }

    /** Copies {@code source} (a file, link or directory) to {@code target}, replacing a non-directory there. */
    void copy(Path source, Path target) throws IOException {
        if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            copyDirectory(source, target);
            return;
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(target);
        }
        if (Files.isSymbolicLink(source)) {
            Files.createSymbolicLink(target, Files.readSymbolicLink(source));
        } else {
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        }
        finish(source, target);
    }

    /** Copies the contents of directory {@code source} into {@code target}, created when missing. */
    void copyDirectory(Path source, Path target) throws IOException {
        boolean created = !Files.isDirectory(target);
        if (created) {
            Files.createDirectories(target);
        }
        try (var children = Files.list(source)) {
            for (Path child : children.sorted().toList()) {
                if (!skip.test(child)) {
                    copy(child, target.resolve(child.getFileName().toString()));
                }
            }
        }
        if (created) {
            finish(source, target);
        }
    }

    private void finish(Path source, Path target) throws IOException {
        int uid = owner.uid() >= 0 ? owner.uid() : (int) Files.getAttribute(source, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int gid = owner.gid() >= 0 ? owner.gid() : (int) Files.getAttribute(source, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        FileCalls.lchown(target, uid, gid);
        if (Files.isSymbolicLink(target)) {
            return;
        }
        int mode = (int) Files.getAttribute(source, "unix:mode") & 07777;
        FileCalls.chmod(target, chmod.orElse(mode));
        FileTime mtime = Files.getLastModifiedTime(source, LinkOption.NOFOLLOW_LINKS);
        Files.setLastModifiedTime(target, mtime);
    }

    /** Creates {@code dir} and its missing parents under {@code root}, owned by {@code uid:gid}, mode 0755. */
    static void mkdirs(Path root, Path dir, int uid, int gid) throws IOException {
        List<Path> missing = new java.util.ArrayList<>();
        for (Path p = dir; p != null && !p.equals(root) && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing.addFirst(p);
        }
        for (Path p : missing) {
            Files.createDirectory(p);
            FileCalls.chmod(p, 0755);
            FileCalls.lchown(p, uid, gid);
        }
    }
}
