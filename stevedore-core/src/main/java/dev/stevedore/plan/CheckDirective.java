package dev.stevedore.plan;

import dev.stevedore.diag.InvalidInputException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code # check=skip=RULE,RULE;error=true;experimental=RULE} parser directive, or the
 * {@code --build-arg BUILDKIT_DOCKERFILE_CHECK=...} that replaces it whole (as BuildKit's
 * frontend does): which checks not to run ({@code skip=all} skips them all), which experimental
 * checks to run ({@code experimental=all} runs them all; {@code skip} does not apply to them) and
 * whether a finding fails the build. Rule names compare in any case.
 *
 * @param skip         the rule names to skip, lower-cased
 * @param experimental the experimental rule names to run, lower-cased
 * @param error        whether findings are errors rather than warnings
 */
record CheckDirective(boolean skipAll, Set<String> skip, boolean experimentalAll, Set<String> experimental,
                      boolean error) {

    static final CheckDirective DEFAULT = new CheckDirective(false, Set.of(), false, Set.of(), false);

    /** The build arg that overrides the directive. */
    static final String BUILD_ARG = "BUILDKIT_DOCKERFILE_CHECK";

    /**
     * The build arg {@value #BUILD_ARG} when given, else the directive.
     *
     * @throws InvalidInputException naming the offending part and where it was written
     */
    static CheckDirective of(Optional<String> directive, BuildArgs buildArgs) {
        Optional<String> arg = buildArgs.get(BUILD_ARG);
        if (arg.isPresent()) {
            try {
                return parse(arg);
            } catch (InvalidInputException e) {
                throw new InvalidInputException("--build-arg " + BUILD_ARG + ": " + e.getMessage());
            }
        }
        return parse(directive);
    }

    /** @throws InvalidInputException naming the offending part of the directive */
    static CheckDirective parse(Optional<String> directive) {
        if (directive.isEmpty()) {
            return DEFAULT;
        }
        Set<String> skip = new TreeSet<>();
        Set<String> experimental = new TreeSet<>();
        boolean error = false;
        for (String part : directive.get().split(";")) {
            String trimmed = part.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq < 0) {
                throw new InvalidInputException("invalid check directive \"" + directive.get() + "\": \"" + trimmed
                        + "\" is not KEY=VALUE (keys: skip, error, experimental)");
            }
            String key = trimmed.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = trimmed.substring(eq + 1).strip();
            switch (key) {
                case "skip" -> names(value, skip);
                case "experimental" -> names(value, experimental);
                case "error" -> error = parseBool(value, trimmed);
                default -> throw new InvalidInputException("invalid check directive \"" + directive.get()
                        + "\": unknown key \"" + key + "\" (expected skip, error or experimental)");
            }
        }
        return new CheckDirective(skip.contains("all"), Set.copyOf(skip), experimental.contains("all"),
                Set.copyOf(experimental), error);
    }

    private static void names(String value, Set<String> into) {
        for (String name : value.split(",")) {
            String n = name.strip().toLowerCase(Locale.ROOT);
            if (!n.isEmpty()) {
                into.add(n);
            }
        }
    }

    private static boolean parseBool(String value, String part) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "t", "1" -> true;
            case "false", "f", "0" -> false;
            default -> throw new InvalidInputException("invalid check directive \"" + part
                    + "\": error must be true or false");
        };
    }

    /** BuildKit's {@code Linter.Run}: an experimental rule runs only when asked for; others unless skipped. */
    boolean runs(LintRule rule) {
        String name = rule.name().toLowerCase(Locale.ROOT);
        if (rule.experimental()) {
            return experimentalAll || experimental.contains(name);
        }
        return !skipAll && !skip.contains(name);
    }
}
