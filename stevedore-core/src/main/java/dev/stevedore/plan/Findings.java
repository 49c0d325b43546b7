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
    private final List<Diagnostic> found = new ArrayList<>();

    Findings(String file, CheckDirective directive) {
        this.file = file;
        this.directive = directive;
    }

    /** Records {@code rule} at {@code range}: {@code RuleName: message}. */
    void add(LintRule rule, SourceRange range, Object... args) {
        if (directive.runs(rule)) {
            Diagnostic.Severity severity = directive.error() ? Diagnostic.Severity.ERROR : Diagnostic.Severity.WARNING;
            found.add(new Diagnostic(severity, file, range, rule.name() + ": " + rule.message(args)));
        }
    }

    /** By line; on one line, in the order found. */
    List<Diagnostic> sorted() {
        return found.stream()
                .sorted(Comparator.comparingInt(d -> d.range() == null ? 0 : d.range().startLine()))
                .toList();
    }
}
