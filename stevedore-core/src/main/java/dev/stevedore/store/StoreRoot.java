package dev.stevedore.store;

import dev.stevedore.config.StevedoreConfig;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.linux.UserNamespace;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a store lives. The first that applies wins:
 * <ol>
 *   <li>the caller's {@code --root};</li>
 *   <li>the environment variable {@code STEVEDORE_ROOT};</li>
 *   <li>{@code [store] root} of Stevedore's config files ({@link StevedoreConfig}: the user's, else
 *       the machine's);</li>
 *   <li>{@code /var/lib/stevedore} when running as root (uid 0);</li>
 *   <li>{@code $XDG_DATA_HOME/stevedore}, where {@code XDG_DATA_HOME} defaults to
 *       {@code ~/.local/share}.</li>
 * </ol>
 *
 * @param path absolute and normalized
 */
public record StoreRoot(Path path) {

    /** The environment variable that names the root when no {@code --root} is given. */
    public static final String ENV = "STEVEDORE_ROOT";

    public StoreRoot {
        Objects.requireNonNull(path, "path");
        path = path.toAbsolutePath().normalize();
    }

    /**
     * Resolves the root by the rules above.
     *
     * @param flag   the caller's {@code --root}, if given
     * @param env        the process environment (e.g. {@link System#getenv()})
     * @param configured the config files' {@code [store] root}, if set
     * @param isRoot     whether the process runs as uid 0
     * @param home       the user's home directory
     * @throws InvalidInputException when the chosen text is not a path
     */
    public static StoreRoot resolve(Optional<String> flag, Map<String, String> env, Optional<Path> configured,
                                    boolean isRoot, Path home) {
        if (flag.isPresent()) {
            return of(flag.get(), "--root");
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return of(fromEnv, ENV);
        }
        if (configured.isPresent()) {
            return new StoreRoot(configured.get());
        }
        if (isRoot) {
            return new StoreRoot(Path.of("/var/lib/stevedore"));
        }
        String xdg = env.get("XDG_DATA_HOME");
        // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
        Path data = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg)
                : home.resolve(".local/share");
        return new StoreRoot(data.resolve("stevedore"));
    }

    /** Resolves the root for this process: its environment, uid and home directory. */
    public static StoreRoot resolve(Optional<String> flag) {
        return resolve(flag, System.getenv());
    }

    /**
     * Resolves the root for a caller of this process's user (so of its uid and home directory)
     * whose environment is {@code env}: a warm server's client. Its config files are read only
     * when neither {@code --root} nor {@code STEVEDORE_ROOT} decides.
     *
     * @throws InvalidInputException naming the file and line of a config file that cannot be read
     */
    public static StoreRoot resolve(Optional<String> flag, Map<String, String> env) {
        Optional<Path> configured = flag.isPresent() || !env.getOrDefault(ENV, "").isBlank() ? Optional.empty()
                : StevedoreConfig.locate(env).root().map(StevedoreConfig.Setting::value);
        return resolve(flag, env, configured, Uid.isRoot(), Path.of(System.getProperty("user.home")));
    }

    private static StoreRoot of(String text, String source) {
        if (text.isBlank()) {
            throw new InvalidInputException("store root from " + source + " is empty");
        }
        try {
            return new StoreRoot(Path.of(text));
        } catch (InvalidPathException e) {
            throw new InvalidInputException("store root \"" + text + "\" from " + source + " is not a valid path", e);
        }
    }

    /** The effective uid, read from {@code /proc/self/status} (no JDK API exposes it). */
    static final class Uid {
        private Uid() {}

        static boolean isRoot() {
            try {
                for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("Uid:")) {
                        String[] ids = line.substring(4).trim().split("\\s+");
                        // uid 0 of a rootless namespace is an ordinary user's store, not the machine's
                        return ids.length > 1 && ids[1].equals("0") && UserNamespace.current().initial();
                    }
                }
            } catch (java.io.IOException e) {
                // Not Linux, or no /proc: fall back to the user name.
            }
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
