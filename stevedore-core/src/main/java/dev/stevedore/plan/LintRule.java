package dev.stevedore.plan;

import java.util.Objects;

/**
 * One build check, as data (BuildKit's {@code linter/ruleset.go}): its name (what
 * {@code # check=skip=NAME} names), a description, its documentation page, and the format of its
 * message ({@link String#format} arguments, BuildKit's wording).
 */
public record LintRule(String name, String description, String url, String format) {

    public LintRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(format, "format");
    }

    /** The message for one finding: {@link #format} with {@code args}. */
    public String message(Object... args) {
        return String.format(java.util.Locale.ROOT, format, args);
    }
}
