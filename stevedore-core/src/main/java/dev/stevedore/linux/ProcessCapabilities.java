package dev.stevedore.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * This process's capability sets as {@code /proc/self/status} gives them ({@code CapBnd},
 * {@code CapEff}): bit n set, capability n in the set.
 */
public final class ProcessCapabilities {

    /** {@code CAP_SYS_ADMIN}: mounts, and {@code trusted.*} extended attributes. */
    public static final int CAP_SYS_ADMIN = 21;

    private static final long BOUNDING = read("CapBnd:");
    private static final long EFFECTIVE = read("CapEff:");

    private ProcessCapabilities() {}

    /** The bounding set; every capability when it cannot be read. */
    public static long bounding() {
        return BOUNDING;
    }

    /** True when {@code capability} is effective (or the sets cannot be read: let the kernel say). */
    public static boolean effective(int capability) {
        return (EFFECTIVE & (1L << capability)) != 0;
    }

    private static long read(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return HexFormat.fromHexDigitsToLong(line.substring(field.length()).strip());
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // no /proc: assume every capability, and let the kernel say what is refused
        }
        return -1L;
    }
}
