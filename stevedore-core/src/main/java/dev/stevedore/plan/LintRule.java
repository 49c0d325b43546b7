package dev.stevedore.plan;

import java.util.Locale;
import java.util.Objects;

/**
 * One build check, as data (BuildKit's {@code linter/ruleset.go}): its name (what
 * {@code # check=skip=NAME} names), a one-line description, the page that documents it in this
 * repository ({@code docs/rules/NAME.md}), the URL its messages point at, and the format of its
 * message ({@link String#format} arguments; BuildKit's wording for BuildKit's rules).
 *
 * @param experimental run only when {@code # check=experimental=NAME} (or {@code all}) asks, as
 *                     BuildKit's experimental rules; {@code skip} does not apply to them
 */
public record LintRule(String name, String description, String docsPage, String url, String format,
                       boolean experimental) {

    public LintRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(docsPage, "docsPage");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(format, "format");
    }

    /** The message for one finding: {@link #format} with {@code args}. */
    public String message(Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
