package dev.stevedore.api.run;

import dev.stevedore.diag.InvalidInputException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A host directory or file bound into the container: {@code -v SRC:DST[:ro|:rw]}. Only absolute
 * host paths: Docker's named volumes have no meaning without a daemon.
 *
 * @param source   the host's directory or file, absolute
 * @param target   where it appears in the container, absolute
 * @param readOnly whether the container may not write to it ({@code :ro})
 */
public record Volume(Path source, String target, boolean readOnly) {

    /** Checks the components and keeps copies of the mutable ones. */
    public Volume {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
    }

    /**
     * The volume a {@code -v} flag names.
     *
     * @param flag the flag's value, {@code /SRC:/DST[:ro|:rw]}
     * @return the volume
     * @throws InvalidInputException naming the flag when it is not {@code /SRC:/DST[:ro|:rw]}
     */
    public static Volume parse(String flag) {
        String[] parts = flag.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new InvalidInputException("invalid volume " + flag + ": expected SRC:DST[:ro]");
        }
        boolean readOnly = false;
        if (parts.length == 3) {
            readOnly = switch (parts[2]) {
                case "ro" -> true;
                case "rw" -> false;
                default -> throw new InvalidInputException("invalid volume " + flag + ": unknown option \""
                        + parts[2] + "\" (ro or rw)");
            };
        }
        if (!parts[0].startsWith("/")) {
            throw new InvalidInputException("invalid volume " + flag + ": the source " + parts[0]
                    + " is not an absolute host path (named volumes are not supported)");
        }
        if (!parts[1].startsWith("/")) {
            throw new InvalidInputException("invalid volume " + flag + ": the destination " + parts[1]
                    + " is not an absolute path");
        }
        return new Volume(Path.of(parts[0]), parts[1], readOnly);
    }
}
