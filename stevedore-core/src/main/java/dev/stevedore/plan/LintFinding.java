package dev.stevedore.plan;

import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.SourceRange;
import java.util.Objects;

/**
 * One finding of a build check.
 *
 * @param detail   the rule's message for this finding, e.g. {@code Stage name 'Builder' should be lowercase}
 * @param severity {@link Diagnostic.Severity#ERROR} when {@code # check=error=true}, else a warning
 * @param range    the instruction's lines; null when the finding is about the file as a whole
 */
public record LintFinding(LintRule rule, String detail, Diagnostic.Severity severity, String file,
                          SourceRange range) {

    public LintFinding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
    }

    /** As a diagnostic: {@code Dockerfile:3: StageNameCasing: Stage name 'Builder' should be lowercase}. */
    public Diagnostic diagnostic() {
        return new Diagnostic(severity, file, range, rule.name() + ": " + detail);
    }
}
