package dev.stevedore.api;

import dev.stevedore.diag.Diagnostic;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link DockerfileChecker} found, as BuildKit's lint result: the findings, and the error
 * that would stop the build, if any.
 *
 * @param file     the Dockerfile's name as the user knows it
 * @param source   the Dockerfile's bytes, for excerpts
 * @param findings the build checks' findings, by line
 * @param error    a Dockerfile the build would refuse (parse or plan error), or else BuildKit's
 *                 {@code lint violation found for rules: ...} when {@code # check=error=true}
 *                 and a rule fired
 */
public record CheckResult(String file, byte[] source, List<CheckFinding> findings, Optional<Diagnostic> error) {

    /** Checks the components and keeps copies of the mutable ones. */
    public CheckResult {
        Objects.requireNonNull(file, "file");
        source = source.clone();
        findings = List.copyOf(findings);
        Objects.requireNonNull(error, "error");
    }

    /**
     * A copy of the {@code source} bytes (an array is mutable).
     *
     * @return the Dockerfile's bytes
     */
    @Override
    public byte[] source() {
        return source.clone();
    }

    /**
     * Whether the check fails: an error, or a finding that {@code error=true} made one.
     *
     * @return whether {@code stevedore lint} exits 1
     */
    public boolean failed() {
        return error.isPresent() || findings.stream().anyMatch(f -> f.diagnostic().severity() == Diagnostic.Severity.ERROR);
    }
}
