package dev.stevedore.plan;

import dev.stevedore.diag.InvalidInputException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code # check=skip=RULE,RULE;error=true} parser directive: which checks not to run
 * ({@code skip=all} skips them all) and whether a finding fails the build.
 *
 * @param skip  the rule names to skip, lower-cased
 * @param error whether findings are errors rather than warnings
 */
record CheckDirective(boolean skipAll, Set<String> skip, boolean error) {

    static final CheckDirective DEFAULT = new CheckDirective(false, Set.of(), false);

    /** @throws InvalidInputException naming the offending part of the directive */
    static CheckDirective parse(Optional<String> directive) {
        if (directive.isEmpty()) {
            return DEFAULT;
        }
        boolean skipAll = false;
        boolean error = false;
        Set<String> skip = new TreeSet<>();
        for (String part : directive.get().split(";")) {
            String trimmed = part.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            String key = eq < 0 ? trimmed : trimmed.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : trimmed.substring(eq + 1).strip();
            switch (key) {
                case "skip" -> {
                    for (String name : value.split(",")) {
                        String n = name.strip().toLowerCase(Locale.ROOT);
                        skipAll |= n.equals("all");
                        if (!n.isEmpty()) {
                            skip.add(n);
                        }
                    }
                }
                case "error" -> error = parseBool(value, trimmed);
                case "experimental" -> { } // no experimental checks here
                default -> throw new InvalidInputException("invalid check directive \"" + directive.get()
                        + "\": unknown key \"" + key + "\" (expected skip, error or experimental)");
            }
        }
        return new CheckDirective(skipAll, Set.copyOf(skip), error);
    }

    private static boolean parseBool(String value, String part) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new InvalidInputException("invalid check directive \"" + part
                    + "\": error must be true or false");
        };
    }

    boolean runs(LintRule rule) {
        return !skipAll && !skip.contains(rule.name().toLowerCase(Locale.ROOT));
    }
}
