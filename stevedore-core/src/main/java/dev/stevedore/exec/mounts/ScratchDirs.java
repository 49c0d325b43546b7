package dev.stevedore.exec.mounts;

import dev.stevedore.fs.FileTrees;
import dev.stevedore.linux.Mounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The directories a step's mounts live in while it runs: {@code <scratch>/<kind>-<pid>-<random>},
 * {@code kind} being {@code secrets} (a private tmpfs), {@code bind} (an overlay over a
 * {@code rw} bind's source: {@code upper/}, {@code work/}, {@code merged/}) or {@code ssh} (an
 * agent relay's socket). The owner's pid in the
 * name lets {@link #cleanupStale} unmount and remove what a killed build left.
 */
final class ScratchDirs {

    static final String SECRETS = "secrets";
    static final String BIND = "bind";
    static final String SSH = "ssh";

    /** The mount points a scratch dir may hold, innermost first. */
    private static final List<String> MOUNT_POINTS = List.of("merged", "");

    private static final Pattern NAME = Pattern.compile("(secrets|bind|ssh)-(\\d+)-[0-9a-f]+");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ScratchDirs() {}

    /** A fresh, empty directory {@code <scratch>/<kind>-<pid>-<random>}, private to root. */
    static Path create(Path scratch, String kind) throws IOException {
        Files.createDirectories(scratch);
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        Path dir = scratch.resolve(kind + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random));
        Files.createDirectory(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        return dir;
    }

    /** Unmounts whatever is mounted at {@code dir} or its {@code merged/}, then deletes it. */
    static void remove(Path dir) throws IOException {
        for (String point : MOUNT_POINTS) {
            Path mountPoint = point.isEmpty() ? dir : dir.resolve(point);
            if (isMountPoint(mountPoint)) {
                Mounts.umount2(mountPoint, Mounts.MNT_DETACH);
            }
        }
        FileTrees.delete(dir);
    }

    /**
     * Removes the scratch dirs of processes that are gone; returns their paths. Call it once
     * when a process starts, as {@code Snapshotter.cleanupStale}.
     */
    static List<Path> cleanupStale(Path scratch) throws IOException {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(scratch)) {
            return removed;
        }
        try (Stream<Path> entries = Files.list(scratch)) {
            for (Path dir : entries.sorted().toList()) {
                Matcher m = NAME.matcher(dir.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(2))).isEmpty()) {
                    remove(dir);
                    removed.add(dir);
                }
            }
        }
        return removed;
    }

    /** Whether {@code path} is a mount point, from {@code /proc/self/mountinfo} (field 5, octal escapes). */
    static boolean isMountPoint(Path path) throws IOException {
        String wanted = path.toAbsolutePath().normalize().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] fields = line.split(" ");
            if (fields.length > 4 && unescape(fields[4]).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
