package dev.stevedore.api.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import dev.stevedore.oci.Digest;

/**
 * A busybox root file system with every kind of file an image holds, and a description of a
 * tree that two trees must share to be "the same" (type, mode, owner, link target, content,
 * hard-link identity).
 */
final class RootfsFixture {

    static final Path BUSYBOX = Path.of("/bin/busybox");

    private RootfsFixture() {}

    /** bin/busybox with applet symlinks, /etc/passwd, a setuid file, a hard link, a FIFO, a 1000:1000 0640 file. */
    static Path busybox(Path dir) throws IOException, InterruptedException {
        Path root = Files.createDirectories(dir.resolve("rootfs"));
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        for (String applet : new String[] {"sh", "ls", "cat", "echo"}) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Files.createSymbolicLink(bin.resolve("abs"), Path.of("/bin/busybox"));
        Path etc = Files.createDirectories(root.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
        Path suid = Files.writeString(bin.resolve("suid"), "#!/bin/sh\n");
        Files.setAttribute(suid, "unix:mode", 04755);
        Files.createLink(bin.resolve("busybox-hard"), bin.resolve("busybox"));
        Path home = Files.createDirectories(root.resolve("home/app"));
        Path secret = Files.writeString(home.resolve("secret"), "only app\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r-----"));
        Files.setAttribute(secret, "unix:uid", 1000);
        Files.setAttribute(secret, "unix:gid", 1000);
        Files.setAttribute(home, "unix:uid", 1000);
        Files.setAttribute(home, "unix:gid", 1000);
        Path fifo = root.resolve("run/pipe");
        Files.createDirectories(fifo.getParent());
        Process p = new ProcessBuilder("mkfifo", "-m", "0600", fifo.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("mkfifo failed");
        }
        Files.createDirectories(root.resolve("tmp"));
        Files.setAttribute(root.resolve("tmp"), "unix:mode", 01777);
        return root;
    }

    /** Every path under {@code root} → "type mode uid:gid detail [inode=first name]". */
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
                StringBuilder line = new StringBuilder(Integer.toOctalString(mode)).append(' ')
                        .append(a.get("uid")).append(':').append(a.get("gid"));
                if (Files.isSymbolicLink(p)) {
                    line.append(" -> ").append(Files.readSymbolicLink(p));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    line.append(' ').append(Digest.sha256(Files.readAllBytes(p)).shortHex());
                    if ((int) a.get("nlink") > 1) {
                        String first = inodes.putIfAbsent(a.get("ino"), name);
                        line.append(" inode=").append(first == null ? name : first);
                    }
                }
                result.put(name, line.toString());
            }
        }
        return result;
    }
}
