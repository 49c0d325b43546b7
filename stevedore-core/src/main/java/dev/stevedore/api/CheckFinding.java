package dev.stevedore.api;

import dev.stevedore.diag.Diagnostic;
import java.util.Objects;

/**
 * One build check's finding, as BuildKit's lint result has it.
 *
 * @param rule        the rule's name, e.g. {@code StageNameCasing}
 * @param description what the rule checks, in one sentence
 * @param url         the rule's documentation page
 * @param detail      what it found here, in one sentence
 * @param diagnostic  the finding where it is: a warning, or an error when {@code # check=error=true};
 *                    the Dockerfile and its lines (no range when it is about the whole file);
 *                    {@code RULE: detail} as its message
 */
public record CheckFinding(String rule, String description, String url, String detail, Diagnostic diagnostic) {

    /** Checks the components. */
    public CheckFinding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(diagnostic, "diagnostic");
    }
}
