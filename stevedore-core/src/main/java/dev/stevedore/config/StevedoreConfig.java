package dev.stevedore.config;

import dev.stevedore.diag.InvalidInputException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stevedore's own settings, from {@code /etc/stevedore/config.toml} (the machine's) and
 * {@code $XDG_CONFIG_HOME/stevedore/config.toml} (the user's; {@code ~/.config} without it). A key
 * of the user's file replaces the same key of the machine's. Flags and environment variables
 * override both; each reader of a setting says how (docs/config.toml lists them).
 *
 * <pre>
 * [store]
 * root = "/srv/stevedore"
 * [registries]
 * mirrors = ["https://mirror.example.com"]
 * insecure = ["registry.lan:5000"]
 * [build]
 * progress = "plain"
 * [server]
 * enabled = true
 * idle-timeout = 600
 * </pre>
 *
 * A key this version does not know is a {@linkplain #warnings() warning} naming its file and line
 * (a newer version's file still works); a value of the wrong kind, or a file that is not TOML, is an
 * error naming them.
 *
 * @param root        the store's root
 * @param mirrors     Docker Hub mirrors, in the order to try them
 * @param insecure    registries (host or host:port) reached by plain http
 * @param progress    the build's default progress mode, as written (the CLI knows the modes)
 * @param server      whether commands run in the store's warm server
 * @param idleTimeout how long a warm server waits for a command before it goes
 * @param files       the files that were read, the machine's first
 * @param warnings    one sentence each, {@code FILE:LINE: ...}
 */
public record StevedoreConfig(Optional<Setting<Path>> root, Optional<Setting<List<URI>>> mirrors,
                              Optional<Setting<List<String>>> insecure, Optional<Setting<String>> progress,
                              Optional<Setting<Boolean>> server, Optional<Setting<Duration>> idleTimeout,
                              List<Path> files, List<String> warnings) {

    /** The variable naming another root for {@code /etc} (a test's directory); the same as the registries' files. */
    public static final String SYSTEM_ROOT_VARIABLE = "STEVEDORE_SYSTEM_CONFIG_ROOT";

    /** The keys of each table, for the warnings about the others. */
    private static final Map<String, List<String>> KEYS = Map.of(
            "store", List.of("root"),
            "registries", List.of("mirrors", "insecure"),
            "build", List.of("progress"),
            "server", List.of("enabled", "idle-timeout"));

    /** A value and where it was written. */
    public record Setting<T>(T value, Path file, int line) {
        /** {@code FILE:LINE}. */
        public String source() {
            return file + ":" + line;
        }
    }

    public StevedoreConfig {
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
    }

    /** No file. */
    public static StevedoreConfig none() {
        return new StevedoreConfig(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(), List.of());
    }

    /**
     * The files of a command whose environment is {@code env}: {@code $STEVEDORE_SYSTEM_CONFIG_ROOT}
     * (else {@code /}) {@code etc/stevedore/config.toml}, then the user's under
     * {@code $XDG_CONFIG_HOME} (when absolute, as the XDG spec says), else {@code $HOME/.config},
     * else this process's home.
     *
     * @throws InvalidInputException naming the file and line of what cannot be read
     */
    public static StevedoreConfig locate(Map<String, String> env) {
        return read(List.of(systemFile(env), userFile(env)));
    }

    /** Where the machine's file is looked for. */
    public static Path systemFile(Map<String, String> env) {
        String root = env.get(SYSTEM_ROOT_VARIABLE);
        return Path.of(root == null || root.isEmpty() ? "/" : root).resolve("etc/stevedore/config.toml");
    }

    /** Where the user's file is looked for. */
    public static Path userFile(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "stevedore", "config.toml");
        }
        String home = env.get("HOME");
        Path base = home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"));
        return base.resolve(".config/stevedore/config.toml");
    }

    /** Reads {@code files} in order, each later one's keys replacing the earlier's; missing files are skipped. */
    public static StevedoreConfig read(List<Path> files) {
        StevedoreConfig config = none();
        for (Path file : files) {
            String text = ConfigText.readIfPresent(file);
            if (text != null) {
                config = config.under(parse(file, text));
            }
        }
        return config;
    }

    /** This config with {@code over}'s settings in place of its own. */
    private StevedoreConfig under(StevedoreConfig over) {
        List<Path> allFiles = new ArrayList<>(files);
        allFiles.addAll(over.files);
        List<String> allWarnings = new ArrayList<>(warnings);
        allWarnings.addAll(over.warnings);
        return new StevedoreConfig(over.root.or(() -> root), over.mirrors.or(() -> mirrors),
                over.insecure.or(() -> insecure), over.progress.or(() -> progress), over.server.or(() -> server),
                over.idleTimeout.or(() -> idleTimeout), allFiles, allWarnings);
    }

    private static StevedoreConfig parse(Path file, String text) {
        TomlSubset.Document doc = TomlSubset.read(file.toString(), text);
        Fields f = new Fields(file, doc);
        List<String> warnings = new ArrayList<>();
        doc.root().forEach((name, value) -> {
            List<String> keys = KEYS.get(name);
            if (keys == null || !(value instanceof Map<?, ?> table)) {
                warnings.add(f.where(name) + ": unknown " + (value instanceof Map<?, ?> ? "table [" + name + "]"
                        : "key \"" + name + "\"") + " (Stevedore reads [store], [registries], [build] and [server]);"
                        + " ignored");
                return;
            }
            table.keySet().forEach(key -> {
                if (!keys.contains(key)) {
                    warnings.add(f.where(name + "." + key) + ": unknown key \"" + key + "\" in [" + name
                            + "] (known: " + String.join(", ", keys) + "); ignored");
                }
            });
        });
        Optional<Setting<Path>> root = f.string("store", "root").map(s -> {
            Path p;
            try {
                p = Path.of(s.value());
            } catch (java.nio.file.InvalidPathException e) {
                throw f.error("store.root", "\"" + s.value() + "\" is not a path");
            }
            if (!p.isAbsolute()) {
                throw f.error("store.root", "\"" + s.value() + "\" must be an absolute path");
            }
            return new Setting<>(p, s.file(), s.line());
        });
        Optional<Setting<List<URI>>> mirrors = f.strings("registries", "mirrors").map(s -> new Setting<>(
                s.value().stream().map(m -> mirror(f, m)).toList(), s.file(), s.line()));
        Optional<Setting<List<String>>> insecure = f.strings("registries", "insecure");
        Optional<Setting<String>> progress = f.string("build", "progress");
        Optional<Setting<Boolean>> server = f.value("server", "enabled", Boolean.class, "true or false");
        Optional<Setting<Duration>> idle = f.value("server", "idle-timeout", Long.class, "a number of seconds")
                .map(s -> {
                    if (s.value() < 1) {
                        throw f.error("server.idle-timeout", "must be at least 1 (seconds), not " + s.value());
                    }
                    return new Setting<>(Duration.ofSeconds(s.value()), s.file(), s.line());
                });
        return new StevedoreConfig(root, mirrors, insecure, progress, server, idle, List.of(file), warnings);
    }

    private static URI mirror(Fields f, String text) {
        try {
            URI uri = URI.create(text);
            if (uri.getScheme() != null && uri.getHost() != null
                    && (uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        throw f.error("registries.mirrors", "\"" + text + "\" is not a URL (https://HOST[:PORT])");
    }

    /** The typed reading of one file's keys, with errors naming the file and the key's line. */
    private record Fields(Path file, TomlSubset.Document doc) {

        String where(String path) {
            return file + ":" + doc.line(path);
        }

        InvalidInputException error(String path, String message) {
            return new InvalidInputException(where(path) + ": " + path + " " + message);
        }

        <T> Optional<Setting<T>> value(String table, String key, Class<T> type, String kind) {
            if (!(doc.root().get(table) instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return Optional.empty();
            }
            Object value = map.get(key);
            if (!type.isInstance(value)) {
                throw error(table + "." + key, "must be " + kind);
            }
            return Optional.of(new Setting<>(type.cast(value), file, doc.line(table + "." + key)));
        }

        Optional<Setting<String>> string(String table, String key) {
            return value(table, key, String.class, "a string");
        }

        Optional<Setting<List<String>>> strings(String table, String key) {
            return value(table, key, List.class, "an array of strings").map(s -> {
                List<String> out = new ArrayList<>();
                for (Object o : s.value()) {
                    if (!(o instanceof String text)) {
                        throw error(table + "." + key, "must be an array of strings");
                    }
                    out.add(text);
                }
                return new Setting<>(List.copyOf(out), s.file(), s.line());
            });
        }
    }
}
