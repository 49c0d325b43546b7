package dev.stevedore.exec;

import dev.stevedore.context.SelectedEntry;
import dev.stevedore.exec.sources.Archives;
import dev.stevedore.fs.FileTrees;
import dev.stevedore.linux.FileCalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
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
    /** The first copy of each source inode with more than one link, by the source's {@code dev:ino}. */
    private final Map<String, Path> linked = new HashMap<>();
    /** The directories the current part wrote or kept, by their path in the image as the part names it. */
    private final Map<String, Path> dirs = new HashMap<>();

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
        Path target = ImageRoot.resolve(root, dest);
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
        dirs.clear();
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            dirs.put(dest, target);
        }
        for (SelectedEntry e : part.entries()) {
            String path = dest + "/" + e.destination();
            Path at = resolved(path);
            if (at == null) {
                at = ImageRoot.resolve(root, path);
                mkdirs(root, at.getParent(), owner.dirUid(), owner.dirGid());
            }
            write(e.hostPath(), e.type(), at, part.root().keepOwner());
            if (e.type() == SelectedEntry.Type.DIRECTORY) {
                dirs.put(path, at);
            }
        }
    }

    /**
     * The host path of {@code path} (in the image) when its parent is a directory this part
     * wrote or kept, and it is no symlink: one lstat instead of one per component (20,000
     * files of a context are 20,000 resolutions). Else null: resolve it from the root, which
     * follows a symlink at its end as before.
     */
    private Path resolved(String path) {
        int slash = path.lastIndexOf('/');
        Path parent = dirs.get(path.substring(0, slash));
        if (parent == null) {
            return null;
        }
        Path at = parent.resolve(path.substring(slash + 1));
        return Files.isSymbolicLink(at) ? null : at;
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
        Optional<BasicFileAttributes> existing = lstat(target);
        boolean exists = existing.isPresent();
        boolean targetIsDir = existing.map(BasicFileAttributes::isDirectory).orElse(false);
        SourceStat stat = SourceStat.of(source);
        switch (type) {
            case DIRECTORY -> {
                if (exists && !targetIsDir) {
                    Files.delete(target);
                }
                if (targetIsDir) {
                    return; // an existing directory keeps its own metadata
                }
                Files.createDirectory(target);
                own(stat, target, keepOwner, type);
                stamps.add(new Stamp(target, stat.mtime()));
            }
            case FILE, SYMLINK -> {
                if (targetIsDir) {
                    FileTrees.delete(target);
                    dirs.clear(); // what was resolved below it is gone
                } else if (exists) {
                    Files.delete(target);
                }
                if (type == SelectedEntry.Type.SYMLINK) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(source));
                } else {
                    Optional<String> inode = stat.sharedInode();
                    Path first = inode.map(linked::get).orElse(null);
                    if (first != null && Files.isRegularFile(first, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createLink(target, first);
                        return; // the inode's owner, mode and time are set already
                    }
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    inode.ifPresent(key -> linked.put(key, target));
                }
                own(stat, target, keepOwner, type);
            }
        }
    }

    private void own(SourceStat source, Path target, boolean keepOwner, SelectedEntry.Type type) throws IOException {
        int uid = owner.uid() >= 0 ? owner.uid() : keepOwner ? source.uid() : 0;
        int gid = owner.gid() >= 0 ? owner.gid() : keepOwner ? source.gid() : 0;
        FileCalls.lchown(target, uid, gid);
        if (type == SelectedEntry.Type.SYMLINK) {
            return;
        }
        boolean directory = type == SelectedEntry.Type.DIRECTORY;
        int mode = source.mode() & 07777;
        FileCalls.chmod(target, chmod.map(c -> c.apply(mode, directory)).orElse(mode));
        if (!directory) {
            Files.setLastModifiedTime(target, source.mtime());
        }
    }

    /** What {@code lstat} says of a file to copy, read once for all that the copy needs. */
    private record SourceStat(int mode, int uid, int gid, long nlink, String inode, FileTime mtime) {

        static SourceStat of(Path source) throws IOException {
            Map<String, Object> a = Files.readAttributes(source, "unix:mode,uid,gid,nlink,dev,ino,lastModifiedTime",
                    LinkOption.NOFOLLOW_LINKS);
            return new SourceStat((int) a.get("mode"), (int) a.get("uid"), (int) a.get("gid"),
                    ((Number) a.get("nlink")).longValue(), a.get("dev") + ":" + a.get("ino"),
                    (FileTime) a.get("lastModifiedTime"));
        }

        /** The inode of a regular file that has other hard links, which copies of it must share. */
        Optional<String> sharedInode() {
            return nlink < 2 ? Optional.empty() : Optional.of(inode);
        }
    }

    private static Optional<BasicFileAttributes> lstat(Path p) throws IOException {
        try {
            return Optional.of(Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
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
