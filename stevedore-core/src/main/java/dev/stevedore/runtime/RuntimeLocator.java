package dev.stevedore.runtime;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.UnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the OCI runtime for {@code --runtime}: {@code runc} (preferred: Debian 12's
 * {@code crun} 1.8 fails on mixed cgroup v1/v2 hosts) or {@code crun}, on the {@code PATH}.
 */
public final class RuntimeLocator {

    /** The runtimes we drive, in order of preference. */
    public static final List<String> KNOWN = List.of("runc", "crun");

    static final String MISSING = "RUN needs runc or crun: install one (apt-get install runc)";

    private RuntimeLocator() {}

    /** The runtime named by {@code choice} (empty: the first known one found) on this process's {@code PATH}. */
    public static Path locate(Optional<String> choice) {
        return locate(choice, Optional.ofNullable(System.getenv("PATH")).orElse(""));
    }

    /**
     * @param choice  {@code runc}, {@code crun}, a path to a runc-compatible binary (with a {@code /}),
     *                or empty for the first of runc and crun found
     * @param pathEnv a {@code PATH}: directories separated by {@code :}
     * @throws InvalidInputException for another name
     * @throws UnavailableException when the runtime is not installed
     */
    public static Path locate(Optional<String> choice, String pathEnv) {
        if (choice.isPresent() && choice.get().contains("/")) {
            Path binary = Path.of(choice.get());
            if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
                throw new InvalidInputException("runtime " + binary + " is not an executable file");
            }
            return binary;
        }
        if (choice.isPresent() && !KNOWN.contains(choice.get())) {
            throw new InvalidInputException("unknown runtime \"" + choice.get() + "\": use runc, crun or the path of one");
        }
        List<String> names = choice.map(List::of).orElse(KNOWN);
        for (String name : names) {
            Optional<Path> found = find(name, pathEnv);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new UnavailableException(choice.isPresent()
                ? "RUN --runtime=" + choice.get() + ": " + choice.get() + " is not on the PATH (apt-get install " + choice.get() + ")"
                : MISSING);
    }

    /** The executable file {@code name} in the first directory of {@code pathEnv} that has one. */
    public static Optional<Path> find(String name, String pathEnv) {
        for (String dir : pathEnv.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
