package dev.stevedore.plan;

import dev.stevedore.diag.Diagnostic;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the build checks found in one Dockerfile, by line.
 *
 * @param file the Dockerfile's name as the user knows it
 */
public record LintReport(String file, List<LintFinding> findings) {

    public LintReport {
        Objects.requireNonNull(file, "file");
        findings = List.copyOf(findings);
    }

    /** The findings as diagnostics, {@code Rule: message}. */
    public List<Diagnostic> diagnostics() {
        return findings.stream().map(LintFinding::diagnostic).toList();
    }

    /**
     * BuildKit's error when {@code # check=error=true} and a rule fired: {@code lint violation found
     * for rules: A, B} (each rule once, sorted), about the file as a whole; empty otherwise.
     */
    public Optional<Diagnostic> violation() {
        List<String> rules = findings.stream().filter(f -> f.severity() == Diagnostic.Severity.ERROR)
                .map(f -> f.rule().name()).distinct().sorted().toList();
        return rules.isEmpty() ? Optional.empty()
                : Optional.of(Diagnostic.error(file, null, "lint violation found for rules: " + String.join(", ", rules)));
    }
}
