package dev.stevedore.layer;

import dev.stevedore.linux.Device;
import dev.stevedore.linux.FileCalls;
import dev.stevedore.linux.Xattrs;
import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Test helpers: build trees with every kind of file, and describe a tree for comparison. */
final class Trees {

    private Trees() {}

    static final Instant T1 = Instant.parse("2020-01-02T03:04:05Z");
    static final Instant T2 = Instant.parse("2021-06-07T08:09:10Z");

    /**
     * Every path under {@code root} (not root) → one line: type, mode, owner, mtime (seconds),
     * link target or device, content digest, xattrs, and which earlier path shares its inode.
     */
    static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> result = new TreeMap<>();
        Map<Object, String> inodes = new HashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted().toList()) {
                if (p.equals(root)) {
                    continue;
                }
                String name = root.relativize(p).toString();
                Map<String, Object> a = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
                int mode = (int) a.get("mode");
                StringBuilder line = new StringBuilder()
                        .append(Integer.toOctalString(mode)).append(' ')
                        .append(a.get("uid")).append(':').append(a.get("gid")).append(' ');
                if ((mode & 0170000) != 0040000) { // directory mtimes are checked on their own
                    line.append(((FileTime) a.get("lastModifiedTime")).toInstant().getEpochSecond()).append(' ');
                }
                if (Files.isSymbolicLink(p)) {
                    line.append("-> ").append(Files.readSymbolicLink(p));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    line.append(Digest.sha256(Files.readAllBytes(p)).shortHex());
                    if ((int) a.get("nlink") > 1) {
                        String first = inodes.putIfAbsent(a.get("ino"), name);
                        line.append(" inode=").append(first == null ? name : first);
                    }
                } else if ((mode & 0170000) == FileCalls.S_IFCHR || (mode & 0170000) == FileCalls.S_IFBLK) {
                    line.append("dev ").append(Device.of((long) a.get("rdev")));
                }
                for (String x : Xattrs.list(p).stream().sorted().toList()) {
                    if (!x.equals("security.selinux")) {
                        line.append(" ").append(x).append('=')
                                .append(HexFormat.of().formatHex(Xattrs.get(p, x).orElseThrow()));
                    }
                }
                result.put(name, line.toString());
            }
        }
        return result;
    }

    /** The mtimes of the directories under root, in seconds. */
    static Map<String, Long> directoryTimes(Path root) throws IOException {
        Map<String, Long> result = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isDirectory).filter(p -> !p.equals(root)).toList()) {
                result.put(root.relativize(p).toString(), Files.getLastModifiedTime(p).toInstant().getEpochSecond());
            }
        }
        return result;
    }

    static Path write(Path p, String content) throws IOException {
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    /** Sets owner, mode and mtime as root can. */
    static void meta(Path p, int uid, int gid, int mode, Instant mtime) throws IOException {
        FileCalls.lchown(p, uid, gid);
        if (!Files.isSymbolicLink(p)) {
            FileCalls.chmod(p, mode);
        }
        FileCalls.lutimes(p, mtime, mtime);
    }

    /**
     * A tree with files, an empty file, dirs, symlinks, hard links, a FIFO, a char device, a
     * setuid file, xattrs (a binary security.capability), a name over 100 bytes, non-ASCII names.
     */
    static Path rich(Path root) throws IOException {
        Files.createDirectories(root);
        write(root.resolve("etc/hostname"), "box\n");
        meta(root.resolve("etc/hostname"), 0, 0, 0644, T1);
        Files.createFile(root.resolve("etc/empty"));
        meta(root.resolve("etc/empty"), 12, 34, 0600, T1);
        Path su = write(root.resolve("bin/su"), "#!/bin/sh\necho su\n");
        meta(su, 0, 0, 04755, T1);
        Path shared = write(root.resolve("bin/tool"), "tool");
        Files.createLink(root.resolve("bin/tool-alias"), shared);
        meta(shared, 1000, 1000, 0755, T2);
        Xattrs.set(shared, "security.capability", HexFormat.of().parseHex("0100000200040000000000000000000000000000"));
        Xattrs.set(shared, "user.comment", "héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("busybox"));
        Files.createSymbolicLink(root.resolve("etc/abs-link"), Path.of("/usr/share/zoneinfo/UTC"));
        meta(root.resolve("bin/sh"), 5, 6, 0777, T2);
        FileCalls.mknod(root.resolve("fifo"), FileCalls.S_IFIFO | 0640, new Device(0, 0));
        Files.createDirectories(root.resolve("dev"));
        FileCalls.mknod(root.resolve("dev/null"), FileCalls.S_IFCHR | 0666, new Device(1, 3));
        FileCalls.chmod(root.resolve("dev/null"), 0666); // mknod's mode is masked by the umask
        FileCalls.mknod(root.resolve("dev/sda"), FileCalls.S_IFBLK | 0660, new Device(8, 0));
        FileCalls.chmod(root.resolve("dev/sda"), 0660);
        Path sticky = Files.createDirectories(root.resolve("tmp"));
        meta(sticky, 0, 0, 01777, T1);
        String longDir = "d".repeat(120);
        write(root.resolve("deep/" + longDir + "/" + "f".repeat(150)), "long name");
        Files.createSymbolicLink(root.resolve("deep/long-link"), Path.of("t".repeat(200)));
        write(root.resolve("unicode/日本語/файл-ünï.txt"), "unicode");
        Files.createLink(root.resolve("unicode/日本語/link-ünï"), root.resolve("unicode/日本語/файл-ünï.txt"));
        Path gid = Files.createDirectories(root.resolve("srv/shared"));
        meta(gid, 0, 50, 02775, T1);
        for (Path dir : new Path[] {root.resolve("etc"), root.resolve("bin"), root.resolve("dev"), root.resolve("deep"),
                root.resolve("unicode"), root.resolve("srv"), root.resolve("deep/" + longDir)}) {
            meta(dir, 0, 0, 0755, T2);
        }
        return root;
    }
}
