package dev.stevedore.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The mount points of this process's mount namespace, from {@code /proc/self/mountinfo}. */
final class MountTable {

    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private MountTable() {}

    /** Whether something is mounted on {@code path} (compared by real path). */
    static boolean isMounted(Path path) {
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            return false;
        }
        return mountPoints().contains(real.toString());
    }

    /** Every mount point, unescaped, in mount order. */
    static List<String> mountPoints() {
        try {
            return Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8).stream()
                    .map(line -> line.split(" "))
                    .filter(fields -> fields.length > 4)
                    .map(fields -> unescape(fields[4]))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The kernel writes space, tab, newline and backslash in mount points as {@code \ooo}. */
    static String unescape(String field) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\\' && isOctal(bytes, i + 1)) {
                out.write(Integer.parseInt(new String(bytes, i + 1, 3, StandardCharsets.US_ASCII), 8));
                i += 3;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isOctal(byte[] bytes, int from) {
        for (int i = from; i < from + 3; i++) {
            if (i >= bytes.length || bytes[i] < '0' || bytes[i] > '7') {
                return false;
            }
        }
        return true;
    }
}
