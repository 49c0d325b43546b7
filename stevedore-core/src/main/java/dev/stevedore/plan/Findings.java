package dev.stevedore.plan;

import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.SourceRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The findings of the checks as they run, filtered by the {@code # check=} directive. */
final class Findings {

    private final String file;
    private final CheckDirective directive;
    private final List<LintFinding> found = new ArrayList<>();

    Findings(String file, CheckDirective directive) {
        this.file = file;
        this.directive = directive;
    }

    /** Whether {@code rule} runs at all: a check may skip costly work when it does not. */
    boolean runs(LintRule rule) {
        return directive.runs(rule);
    }

    /** Records {@code rule} at {@code range}, its message made of {@code args}. */
    void add(LintRule rule, SourceRange range, Object... args) {
        if (directive.runs(rule)) {
            Diagnostic.Severity severity = directive.error() ? Diagnostic.Severity.ERROR : Diagnostic.Severity.WARNING;
            found.add(new LintFinding(rule, rule.message(args), severity, file, range));
        }
    }

    /** By line; on one line, in the order found. */
    LintReport report() {
        return new LintReport(file, found.stream()
                .sorted(Comparator.comparingInt(f -> f.range() == null ? 0 : f.range().startLine()))
                .toList());
    }
}
