package dev.stevedore.rootless;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who this process is outside any namespace it will create: its name (for {@code /etc/subuid}),
 * its real uid and gid (from {@code /proc/self/status}), and its home (Java's, from the password
 * database, which inside the namespace would say root's).
 */
public record Identity(String name, long uid, long gid, String home) {

    public static Identity current() {
        long uid = -1;
        long gid = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    uid = Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
                } else if (line.startsWith("Gid:")) {
                    gid = Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read this process's ids from /proc/self/status", e);
        }
        return new Identity(System.getProperty("user.name"), uid, gid, System.getProperty("user.home"));
    }
}
