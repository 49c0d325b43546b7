package dev.stevedore.exec;

import dev.stevedore.context.SelectedEntry;
import dev.stevedore.exec.sources.Archives;
import dev.stevedore.fs.FileTrees;
import dev.stevedore.linux.FileCalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the selected entries of COPY/ADD into an image's root file system, as BuildKit's file
 * op does: content, mode (setuid and sticky bits included) and modification time kept; owner from
 * {@code --chown}, else the source's own (a stage or image) or root (the context); {@code --chmod}
 * applied to every file and directory copied. Symlinks are copied as symlinks. Every destination
 * resolves inside the root like a chroot. Directories get their times last, after their contents.
 *
 * <p>A local archive that ADD unpacks keeps its members' owners, unless {@code --chown} is given:
 * then every member is owned by it (BuildKit passes the chown to its untar as {@code ChownOpts},
 * since moby#35525). {@code --chmod} is not applied to unpacked members: BuildKit's untar gets no
 * mode, so the archive's own modes stay. A part that selected nothing (an empty wildcard) writes
 * nothing, not even the destination directory, as BuildKit's copy returns early.
 *
 * <p>Files that are hard links of each other in their tree (the context, a stage, an image)
 * stay hard links: the first one copied is the inode, the others link to it, whichever parts of
 * one COPY/ADD they come from, as BuildKit's copy keeps hard links.
 */
final class TreeCopier {

    /** Who owns the copies: {@code uid < 0} keeps the source's owner. */
    record Owner(int uid, int gid) {
        static final Owner KEEP = new Owner(-1, -1);
        static final Owner ROOT = new Owner(0, 0);

        int dirUid() {
            return Math.max(uid, 0);
        }

        int dirGid() {
            return Math.max(gid, 0);
        }
    }

    private record Stamp(Path target, FileTime time) {}

    private final Path root;
    private final Owner owner;
    private final Optional<Chmod> chmod;
    private final List<Stamp> stamps = new ArrayList<>();
    /** The first copy of each source inode with more than one link, by the source's file key. */
    private final Map<Object, Path> linked = new HashMap<>();

    TreeCopier(Path root, Owner owner, Optional<Chmod> chmod) {
        this.root = root;
        this.owner = owner;
        this.chmod = chmod;
    }

    /**
     * Copies one part to {@code dest} (absolute in the image). {@code intoDirectory}: the entries
     * go under {@code dest}; else the part's one entry becomes {@code dest}.
     */
    void copy(CopyPart part, String dest, boolean intoDirectory) throws IOException {
        if (part.entries().isEmpty() && part.directory().isEmpty()) {
            return; // a wildcard that matched nothing: BuildKit's file op returns before creating the destination
        }
        Path target = RootedPaths.resolve(root, dest);
        if (part.unpack() && part.entries().size() == 1 && isArchive(part.entries().getFirst())) {
            mkdirs(root, target, owner.dirUid(), owner.dirGid());
            Path archive = part.entries().getFirst().hostPath();
            Archives.unpack(archive, target);
            if (owner.uid() >= 0) {
                UnpackedOwner.apply(archive, target, owner.uid(), owner.gid());
            }
            return;
        }
        if (!intoDirectory) {
            mkdirs(root, target.getParent(), owner.dirUid(), owner.dirGid());
            write(part.entries().getFirst().hostPath(), part.entries().getFirst().type(), target, part.root().keepOwner());
            return;
        }
        if (part.directory().isPresent() && !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            mkdirs(root, target.getParent(), owner.dirUid(), owner.dirGid());
            write(part.directory().get(), SelectedEntry.Type.DIRECTORY, target, part.root().keepOwner());
        } else {
            mkdirs(root, target, owner.dirUid(), owner.dirGid());
        }
        for (SelectedEntry e : part.entries()) {
            Path at = RootedPaths.resolve(root, dest + "/" + e.destination());
            mkdirs(root, at.getParent(), owner.dirUid(), owner.dirGid());
            write(e.hostPath(), e.type(), at, part.root().keepOwner());
        }
    }

    /** Sets the directories' times, deepest last-written first, once nothing more is written in them. */
    void finish() throws IOException {
        for (Stamp s : stamps.reversed()) {
            Files.setLastModifiedTime(s.target(), s.time());
        }
        stamps.clear();
    }

    private static boolean isArchive(SelectedEntry e) throws IOException {
        return e.type() == SelectedEntry.Type.FILE && Archives.detect(e.hostPath()).isPresent();
    }

    private void write(Path source, SelectedEntry.Type type, Path target, boolean keepOwner) throws IOException {
        boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        boolean targetIsDir = exists && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS);
        switch (type) {
            case DIRECTORY -> {
                if (exists && !targetIsDir) {
                    Files.delete(target);
                }
                if (targetIsDir) {
                    return; // an existing directory keeps its own metadata
                }
                Files.createDirectory(target);
                own(source, target, keepOwner, true);
                stamps.add(new Stamp(target, Files.getLastModifiedTime(source, LinkOption.NOFOLLOW_LINKS)));
            }
            case FILE, SYMLINK -> {
                if (targetIsDir) {
                    FileTrees.delete(target);
                } else if (exists) {
                    Files.delete(target);
                }
                if (type == SelectedEntry.Type.SYMLINK) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(source));
                } else {
                    Optional<Object> inode = sharedInode(source);
                    Path first = inode.map(linked::get).orElse(null);
                    if (first != null && Files.isRegularFile(first, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createLink(target, first);
                        return; // the inode's owner, mode and time are set already
                    }
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    inode.ifPresent(key -> linked.put(key, target));
                }
                own(source, target, keepOwner, false);
            }
        }
    }

    private void own(Path source, Path target, boolean keepOwner, boolean directory) throws IOException {
        int uid = owner.uid() >= 0 ? owner.uid() : keepOwner ? attr(source, "uid") : 0;
        int gid = owner.gid() >= 0 ? owner.gid() : keepOwner ? attr(source, "gid") : 0;
        FileCalls.lchown(target, uid, gid);
        if (Files.isSymbolicLink(target)) {
            return;
        }
        int mode = attr(source, "mode") & 07777;
        FileCalls.chmod(target, chmod.map(c -> c.apply(mode, directory)).orElse(mode));
        if (!directory) {
            Files.setLastModifiedTime(target, Files.getLastModifiedTime(source, LinkOption.NOFOLLOW_LINKS));
        }
    }

    /** The file key of a regular file that has other hard links, which copies of it must share. */
    private static Optional<Object> sharedInode(Path source) throws IOException {
        if (attr(source, "nlink") < 2) {
            return Optional.empty();
        }
        return Optional.ofNullable(Files.readAttributes(source, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey());
    }

    private static int attr(Path p, String name) throws IOException {
        return (int) Files.getAttribute(p, "unix:" + name, LinkOption.NOFOLLOW_LINKS);
    }

    /** Creates {@code dir} and its missing parents under {@code root}, owned by {@code uid:gid}, mode 0755. */
    static void mkdirs(Path root, Path dir, int uid, int gid) throws IOException {
        List<Path> missing = new ArrayList<>();
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
