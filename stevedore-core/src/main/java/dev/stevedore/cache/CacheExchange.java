package dev.stevedore.cache;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.LayerCompression;
import dev.stevedore.oci.ImageReference;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The shared caches of one build: {@code --cache-from} sources, tried in order before the local
 * store, and {@code --cache-to} targets, written after the build. docker buildx's syntax.
 *
 * @param from the sources, in order
 * @param to      the targets
 * @param explain {@code --explain-cache}: say why each step missed
 */
public record CacheExchange(List<CacheLocation> from, List<CacheTarget> to, boolean explain) {

    public CacheExchange {
        from = List.copyOf(from);
        to = List.copyOf(to);
    }

    /** No shared cache: the local store only. */
    public static CacheExchange none() {
        return new CacheExchange(List.of(), List.of(), false);
    }

    /** These caches, each miss explained or not. */
    public CacheExchange withExplain(boolean e) {
        return new CacheExchange(from, to, e);
    }

    /**
     * Parses {@code --cache-from} and {@code --cache-to} values as buildx writes them.
     *
     * @throws InvalidInputException naming the flag and the offending text
     */
    public static CacheExchange parse(List<String> from, List<String> to) {
        return new CacheExchange(from.stream().map(CacheExchange::source).toList(),
                to.stream().map(CacheExchange::target).toList(), false);
    }

    private static CacheLocation source(String spec) {
        if (!spec.contains("=")) {
            return new CacheLocation.Registry(reference("--cache-from", spec, spec));
        }
        Map<String, String> fields = fields("--cache-from", spec);
        String type = fields.getOrDefault("type", "registry");
        return switch (type) {
            case "registry" -> {
                only("--cache-from", spec, fields, "type", "ref");
                yield new CacheLocation.Registry(reference("--cache-from", spec, required("--cache-from", spec, fields, "ref")));
            }
            case "local" -> {
                only("--cache-from", spec, fields, "type", "src");
                yield new CacheLocation.Local(Path.of(required("--cache-from", spec, fields, "src")));
            }
            default -> throw unsupportedType("--cache-from", spec, type);
        };
    }

    private static CacheTarget target(String spec) {
        Map<String, String> fields = fields("--cache-to", spec);
        String type = fields.getOrDefault("type", "");
        CacheLocation location = switch (type) {
            case "registry" -> {
                only("--cache-to", spec, fields, "type", "ref", "mode", "ignore-error", "compression", "compression-level",
                        "force-compression", "cache-mounts");
                yield new CacheLocation.Registry(reference("--cache-to", spec, required("--cache-to", spec, fields, "ref")));
            }
            case "local" -> {
                only("--cache-to", spec, fields, "type", "dest", "mode", "ignore-error", "compression", "compression-level",
                        "force-compression", "cache-mounts");
                yield new CacheLocation.Local(Path.of(required("--cache-to", spec, fields, "dest")));
            }
            case "inline" -> {
                if (fields.containsKey("cache-mounts")) {
                    throw new InvalidInputException("--cache-to \"" + spec + "\": an inline cache holds no cache"
                            + " mounts; for cache-mounts=true use type=registry or type=local");
                }
                only("--cache-to", spec, fields, "type", "mode", "ignore-error");
                if (fields.getOrDefault("mode", "min").equalsIgnoreCase("max")) {
                    throw new InvalidInputException("--cache-to \"" + spec + "\": an inline cache holds the result's"
                            + " steps only (mode=min); for mode=max use type=registry");
                }
                yield new CacheLocation.Inline();
            }
            case "" -> throw new InvalidInputException("--cache-to \"" + spec
                    + "\": name the type: type=registry,ref=REGISTRY/REPO:TAG or type=local,dest=DIR");
            default -> throw unsupportedType("--cache-to", spec, type);
        };
        LayerCompression compression = LayerCompression.parse("--cache-to \"" + spec + "\"", fields)
                .orElse(LayerCompression.GZIP);
        CacheMode mode = switch (fields.getOrDefault("mode", "min").toLowerCase(Locale.ROOT)) {
            case "min" -> CacheMode.MIN;
            case "max" -> CacheMode.MAX;
            default -> throw new InvalidInputException("--cache-to \"" + spec + "\": mode must be min or max, not \""
                    + fields.get("mode") + "\"");
        };
        return new CacheTarget(location, mode, bool(spec, fields, "ignore-error"), bool(spec, fields, "cache-mounts"),
                compression);
    }

    private static boolean bool(String spec, Map<String, String> fields, String key) {
        String value = fields.getOrDefault(key, "false");
        if (!value.equals("true") && !value.equals("false")) {
            throw new InvalidInputException("--cache-to \"" + spec + "\": " + key + " must be true or false, not \""
                    + value + "\"");
        }
        return Boolean.parseBoolean(value);
    }

    private static Map<String, String> fields(String flag, String spec) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : spec.split(",")) {
            int eq = field.indexOf('=');
            if (eq <= 0) {
                throw new InvalidInputException(flag + " \"" + spec + "\": \"" + field + "\" is not KEY=VALUE");
            }
            fields.put(field.substring(0, eq).strip().toLowerCase(Locale.ROOT), field.substring(eq + 1).strip());
        }
        return fields;
    }

    private static void only(String flag, String spec, Map<String, String> fields, String... known) {
        List<String> allowed = List.of(known);
        for (String key : fields.keySet()) {
            if (!allowed.contains(key)) {
                throw new InvalidInputException(flag + " \"" + spec + "\": unknown option \"" + key
                        + "\" (known: " + String.join(", ", allowed) + ")");
            }
        }
    }

    private static String required(String flag, String spec, Map<String, String> fields, String key) {
        String value = fields.get(key);
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException(flag + " \"" + spec + "\": " + key + "= is missing");
        }
        return value;
    }

    private static ImageReference reference(String flag, String spec, String ref) {
        try {
            return ImageReference.parse(ref).withDefaultTag();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(flag + " \"" + spec + "\": " + e.getMessage(), e);
        }
    }

    private static InvalidInputException unsupportedType(String flag, String spec, String type) {
        return new InvalidInputException(flag + " \"" + spec + "\": type \"" + type
                + "\" is not supported (supported: registry, local" + (flag.equals("--cache-to") ? ", inline)" : ")"));
    }
}
