package dev.stevedore.dockerfile;

import dev.stevedore.diag.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code --flags} of one instruction, checked against the flags it declares, as BuildKit's
 * {@code BFlags} does: {@code --name=value} for strings (a repeatable one collects every value),
 * {@code --name} or {@code --name=true|false} for booleans; unknown, duplicate and value-less
 * flags are errors.
 */
final class Flags {

    enum Kind { BOOL, STRING, STRINGS }

    private final Map<String, List<String>> values;

    private Flags(Map<String, List<String>> values) {
        this.values = values;
    }

    /** No flag declared: any flag is an error. */
    static Flags none(String keyword, List<String> words) {
        if (!words.isEmpty()) {
            String name = words.getFirst().replaceFirst("=.*", "");
            throw new InvalidInputException("unknown flag: " + name + " ("
                    + keyword.toUpperCase(Locale.ROOT) + " takes no flags)");
        }
        return parse(words, Map.of());
    }

    /**
     * Checks {@code words} (each {@code --name[=value]}, quotes already removed) against
     * {@code declared} (name without dashes → kind).
     */
    static Flags parse(List<String> words, Map<String, Kind> declared) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String word : words) {
            String body = word.startsWith("--") ? word.substring(2) : word;
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            String value = eq < 0 ? null : body.substring(eq + 1);
            Kind kind = declared.get(name);
            if (kind == null) {
                throw new InvalidInputException(Suggestions.withSuggestion(
                        "unknown flag: --" + name, name, declared.keySet(), "--"));
            }
            if (values.containsKey(name) && kind != Kind.STRINGS) {
                throw new InvalidInputException("duplicate flag specified: --" + name);
            }
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(checked(name, kind, value));
        }
        return new Flags(values);
    }

    private static String checked(String name, Kind kind, String value) {
        if (kind != Kind.BOOL) {
            if (value == null) {
                throw new InvalidInputException("missing a value on flag: --" + name);
            }
            return value;
        }
        if (value == null) {
            return "true";
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> "true";
            case "false" -> "false";
            case "" -> throw new InvalidInputException("missing a value on flag: --" + name);
            default -> throw new InvalidInputException(
                    "expecting boolean value for flag --" + name + ", not: " + value);
        };
    }

    Optional<String> string(String name) {
        List<String> v = values.get(name);
        return v == null ? Optional.empty() : Optional.of(v.getFirst());
    }

    boolean bool(String name) {
        return optionalBool(name).orElse(false);
    }

    Optional<Boolean> optionalBool(String name) {
        return string(name).map(Boolean::parseBoolean);
    }

    List<String> strings(String name) {
        return List.copyOf(values.getOrDefault(name, List.of()));
    }
}
