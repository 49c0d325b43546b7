package dev.stevedore.dockerfile;

import dev.stevedore.diag.InvalidInputException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Parses the value of one {@code RUN --mount=} into a {@link Mount}, as BuildKit's
 * {@code ParseMount} does, but order-independent: the type is read first, then every option is
 * checked against it (see {@link Mount} for which type takes which option). Aliases are folded
 * ({@code dst} → {@code target}, {@code src} → {@code source}, {@code readonly} → {@code ro},
 * {@code readwrite} → {@code rw}); when a key repeats, the last one wins.
 */
final class MountParser {

    private static final List<String> TYPES = List.of("bind", "cache", "tmpfs", "secret", "ssh");

    private static final Map<String, String> ALIASES = Map.of(
            "dst", "target", "destination", "target", "dest", "target",
            "src", "source", "readonly", "ro", "readwrite", "rw");

    private static final List<String> ALL_KEYS = List.of("type", "from", "source", "target", "readonly",
            "id", "sharing", "required", "size", "mode", "uid", "gid", "src", "dst", "destination", "ro",
            "rw", "readwrite", "env");

    private static final Map<String, Set<String>> KEYS_BY_TYPE = Map.of(
            "bind", Set.of("target", "source", "from", "ro", "rw"),
            "cache", Set.of("target", "source", "from", "ro", "rw", "id", "sharing", "mode", "uid", "gid"),
            "tmpfs", Set.of("target", "size"),
            "secret", Set.of("target", "source", "id", "required", "mode", "uid", "gid", "env"),
            "ssh", Set.of("target", "id", "required", "mode", "uid", "gid"));

    /** {@code go-units} RAMInBytes: a number, then an optional binary unit ({@code 64m}, {@code 1GiB}). */
    private final String text;
    private final Map<String, String> options = new HashMap<>();
    private Boolean readOnly;

    private MountParser(String text) {
        this.text = text;
    }

    /** The mount {@code text} (the part after {@code --mount=}) describes. */
    static Mount parse(String text) {
        return new MountParser(text).mount();
    }

    private Mount mount() {
        List<String> fields;
        try {
            fields = CsvFields.split(text);
        } catch (InvalidInputException e) {
            throw fail(e.getMessage());
        }
        String type = "bind";
        for (String field : fields) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT);
            key = ALIASES.getOrDefault(key, key);
            String value = eq < 0 ? null : field.substring(eq + 1);
            if (key.equals("type") && value != null) {
                type = checkedType(value);
            } else {
                option(field, key, value);
            }
        }
        String t = type;
        options.keySet().stream().filter(k -> !KEYS_BY_TYPE.get(t).contains(k)).sorted().findFirst()
                .ifPresent(k -> { throw fail("unexpected key '" + k + "' for mount type '" + t + "'"); });
        return switch (type) {
            case "bind" -> new Mount.Bind(target(type), opt("source"), opt("from"), readOnlyOr(true));
            case "cache" -> new Mount.Cache(target(type), opt("id"), sharing(), opt("from"), opt("source"),
                    readOnlyOr(false), octal("mode", 0755), number("uid"), number("gid"));
            case "tmpfs" -> new Mount.Tmpfs(target(type), size());
            case "secret" -> secret();
            case "ssh" -> new Mount.Ssh(opt("id").orElse("default"), opt("target"), bool("required"),
                    octal("mode", 0600), number("uid"), number("gid"));
            default -> throw new IllegalStateException(type);
        };
    }

    private String checkedType(String value) {
        String type = value.toLowerCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw fail(Suggestions.withSuggestion("unsupported mount type \"" + value + "\"", value, TYPES, ""));
        }
        return type;
    }

    private void option(String field, String key, String value) {
        if (!ALL_KEYS.contains(key)) {
            throw fail(Suggestions.withSuggestion(
                    "unexpected key '" + key + "' in '" + field + "'", key, ALL_KEYS, ""));
        }
        if (key.equals("ro") || key.equals("rw")) {
            boolean flag = value == null || goBool(key, value);
            readOnly = key.equals("ro") == flag;
            options.put(key, "");
        } else if (value == null && !key.equals("required")) {
            throw fail("invalid field '" + field + "' must be a key=value pair");
        } else {
            options.put(key, value == null ? "true" : value);
        }
    }

    private Mount.Secret secret() {
        Optional<String> id = opt("id");
        Optional<String> source = opt("source");
        Optional<String> explicitTarget = opt("target");
        Optional<String> env = opt("env");
        if (id.isPresent() && source.isPresent()) {
            throw fail("both source and id can't be set");
        }
        String resolved = id.or(() -> source).or(() -> explicitTarget.map(MountParser::baseName))
                .orElseThrow(() -> fail("a secret mount needs an id, a source or a target"));
        Optional<String> target = explicitTarget.isEmpty() && env.isEmpty()
                ? Optional.of("/run/secrets/" + baseName(resolved)) : explicitTarget;
        return new Mount.Secret(resolved, target, env, bool("required"), octal("mode", 0400),
                number("uid"), number("gid"));
    }

    private Optional<String> opt(String key) {
        return Optional.ofNullable(options.get(key)).filter(v -> !v.isEmpty());
    }

    private String target(String type) {
        return opt("target").orElseThrow(() -> fail("a " + type + " mount needs a target"));
    }

    private boolean readOnlyOr(boolean byDefault) {
        return readOnly == null ? byDefault : readOnly;
    }

    private boolean bool(String key) {
        return opt(key).map(v -> goBool(key, v)).orElse(false);
    }

    private Mount.Sharing sharing() {
        return opt("sharing").map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "shared" -> Mount.Sharing.SHARED;
            case "private" -> Mount.Sharing.PRIVATE;
            case "locked" -> Mount.Sharing.LOCKED;
            default -> throw fail("invalid cache sharing: " + v + " (use shared, private or locked)");
        }).orElse(Mount.Sharing.SHARED);
    }

    private long octal(String key, long byDefault) {
        return opt(key).map(v -> uint32(key, v, 8)).orElse(byDefault);
    }

    private long number(String key) {
        return opt(key).map(v -> uint32(key, v, 10)).orElse(0L);
    }

    private long uint32(String key, String value, int radix) {
        try {
            long n = Long.parseLong(value, radix);
            if (n >= 0 && n <= 0xFFFF_FFFFL && Character.isDigit(value.charAt(0))) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw fail("invalid value " + value + " for " + key + (radix == 8 ? " (want an octal number, e.g. 0755)" : ""));
    }

    private OptionalLong size() {
        Optional<String> value = opt("size");
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        OptionalLong bytes = ByteSize.parse(value.get());
        if (bytes.isEmpty()) {
            throw fail("invalid value for size: " + value.get());
        }
        return bytes;
    }

    /** Go's {@code strconv.ParseBool}. */
    private boolean goBool(String key, String value) {
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw fail("invalid value for " + key + ": " + value);
        };
    }

    private static String baseName(String path) {
        String p = path.replaceAll("/+$", "");
        return p.isEmpty() ? "/" : p.substring(p.lastIndexOf('/') + 1);
    }

    private InvalidInputException fail(String message) {
        return new InvalidInputException("--mount=" + text + ": " + message);
    }
}
