package dev.stevedore.layer;

import dev.stevedore.archive.TarEntry;
import dev.stevedore.linux.Device;
import dev.stevedore.linux.Xattrs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A file on disk as {@code lstat} sees it, turned into the tar member that stands for it.
 *
 * @param inode {@code dev:ino}, to recognize hard links
 */
record SourceFile(Path path, int mode, long uid, long gid, long size, FileTime mtime, long nlink, long rdev,
                  String inode) {

    static final int S_IFMT = 0170000;
    static final int S_IFSOCK = 0140000;
    static final int S_IFLNK = 0120000;
    static final int S_IFREG = 0100000;
    static final int S_IFBLK = 0060000;
    static final int S_IFDIR = 0040000;
    static final int S_IFCHR = 0020000;
    static final int S_IFIFO = 0010000;

    /**
     * The attributes named, not {@code unix:*}: that one also resolves the owner's and group's
     * names (a passwd and a group lookup per file), which a tar member never carries.
     */
    private static final String ATTRIBUTES = "unix:mode,uid,gid,size,lastModifiedTime,nlink,rdev,dev,ino";

    static SourceFile lstat(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return new SourceFile(path, (int) a.get("mode"), toUnsigned((int) a.get("uid")), toUnsigned((int) a.get("gid")),
                (long) a.get("size"), (FileTime) a.get("lastModifiedTime"), ((Number) a.get("nlink")).longValue(),
                (long) a.get("rdev"), a.get("dev") + ":" + a.get("ino"));
    }

    private static long toUnsigned(int id) {
        return Integer.toUnsignedLong(id);
    }

    int type() {
        return mode & S_IFMT;
    }

    /** A character device 0/0: how overlayfs records a deleted file. */
    boolean isOverlayWhiteout() {
        return type() == S_IFCHR && rdev == 0;
    }

    /**
     * The member for this file, or empty for what a tar cannot hold (sockets).
     *
     * @param hardLinkTo the name an earlier member of the same inode was written under, if any
     */
    Optional<TarEntry> toEntry(String name, Optional<String> hardLinkTo, LayerOptions options) throws IOException {
        TarEntry.Type type = switch (type()) {
            case S_IFREG -> hardLinkTo.isPresent() ? TarEntry.Type.HARDLINK : TarEntry.Type.FILE;
            case S_IFDIR -> TarEntry.Type.DIRECTORY;
            case S_IFLNK -> TarEntry.Type.SYMLINK;
            case S_IFCHR -> TarEntry.Type.CHAR_DEVICE;
            case S_IFBLK -> TarEntry.Type.BLOCK_DEVICE;
            case S_IFIFO -> TarEntry.Type.FIFO;
            default -> null;
        };
        if (type == null) {
            return Optional.empty();
        }
        String link = switch (type) {
            case SYMLINK -> Files.readSymbolicLink(path).toString();
            case HARDLINK -> hardLinkTo.orElseThrow();
            default -> "";
        };
        boolean device = type == TarEntry.Type.CHAR_DEVICE || type == TarEntry.Type.BLOCK_DEVICE;
        Device dev = device ? Device.of(rdev) : new Device(0, 0);
        return Optional.of(new TarEntry(name, type, mode & 07777,
                options.owner().map(LayerOptions.Owner::uid).orElse(uid),
                options.owner().map(LayerOptions.Owner::gid).orElse(gid),
                type == TarEntry.Type.FILE ? size : 0, options.mtime(mtime.toInstant()), link,
                dev.major(), dev.minor(), xattrs()));
    }

    /**
     * The xattrs a layer carries: all but overlayfs' and fuse-overlayfs' own bookkeeping (its
     * {@code user.fuseoverlayfs.origin} on what it copied up) and the host's SELinux
     * label, which say nothing about the content and would make digests host-dependent.
     */
    Map<String, byte[]> xattrs() throws IOException {
        Map<String, byte[]> result = new TreeMap<>();
        for (String name : Xattrs.list(path)) {
            if (!isPrivate(name)) {
                Xattrs.get(path, name).ifPresent(v -> result.put(name, v));
            }
        }
        return result;
    }

    static boolean isPrivate(String xattr) {
        return xattr.startsWith("trusted.overlay.") || xattr.startsWith("user.overlay.")
                || xattr.startsWith("user.fuseoverlayfs.")
                || xattr.equals("security.selinux");
    }
}
