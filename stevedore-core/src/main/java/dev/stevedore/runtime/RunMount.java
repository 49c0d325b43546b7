package dev.stevedore.runtime;

import dev.stevedore.diag.InvalidInputException;
import java.nio.file.Path;

/**
 * A mount added to a process's root filesystem for one run, e.g. from {@code RUN --mount}. The
 * target is a path inside the container; the runtime creates it when missing and removes what it
 * created after the run, so it leaves no trace in the root filesystem.
 */
public sealed interface RunMount {

    /** Absolute path inside the container. */
    String target();

    /** A host directory or file, read-only unless {@code readOnly} is false. */
    record Bind(Path source, String target, boolean readOnly) implements RunMount {
        public Bind {
            checkTarget(target);
            if (source == null || !source.isAbsolute()) {
                throw new InvalidInputException("bind mount source " + source + " is not an absolute path");
            }
        }
    }

    /** A fresh tmpfs; {@code sizeBytes} 0 means the kernel's default (half the memory). */
    record Tmpfs(String target, long sizeBytes) implements RunMount {
        public Tmpfs {
            checkTarget(target);
            if (sizeBytes < 0) {
                throw new InvalidInputException("tmpfs size " + sizeBytes + " for " + target + " is negative");
            }
        }
    }

    private static void checkTarget(String target) {
        if (target == null || !target.startsWith("/")) {
            throw new InvalidInputException("mount target " + target + " is not an absolute path");
        }
    }
}
