package dev.stevedore.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The capability bounding set of this process ({@code CapBnd} in {@code /proc/self/status}): a
 * container can get no capability outside it, and runc fails when asked to, so "every
 * capability" (an insecure RUN) means every one of these, as containerd's
 * {@code WithAllCurrentCapabilities}.
 */
final class BoundingSet {

    /** Bit n set: capability n is in the set; all bits when it cannot be read. */
    static final long MASK = read();

    private BoundingSet() {}

    private static long read() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapBnd:")) {
                    return HexFormat.fromHexDigitsToLong(line.substring("CapBnd:".length()).strip());
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // no /proc: assume every capability, and let the runtime say what it cannot grant
        }
        return -1L;
    }
}
