package dev.stevedore.plan;

import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.dockerfile.Dockerfile;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * BuildKit's build checks that need only the Dockerfile ({@link LintRules}): each finding a
 * {@link Diagnostic} at the instruction's line whose message is {@code RuleName: message} in
 * BuildKit's wording, e.g. {@code Dockerfile:3: StageNameCasing: Stage name 'Builder' should be
 * lowercase}.
 *
 * <p>The {@code # check=} directive is honoured: {@code skip=Rule,Rule} or {@code skip=all} drops
 * findings; with {@code error=true} they have {@link Diagnostic.Severity#ERROR} severity (the build
 * should fail on them), otherwise {@link Diagnostic.Severity#WARNING}. Findings are sorted by line.
 */
public final class Linter {

    /** What is assumed of a base image whose config is not at hand: only {@code PATH} is set. */
    public static final Function<String, Set<String>> UNKNOWN_IMAGE_ENV = image -> Set.of("PATH");

    private Linter() {}

    /** The findings, assuming unknown base images set only {@code PATH}. */
    public static List<Diagnostic> check(Dockerfile dockerfile, PlanRequest request) {
        return check(dockerfile, request, UNKNOWN_IMAGE_ENV);
    }

    /**
     * The findings.
     *
     * @param imageEnv the names a base image's config {@code Env} sets, given the FROM value
     *                 (expanded); {@code UndefinedVar} counts them as defined
     * @throws InvalidInputException when the {@code # check=} directive is malformed
     */
    public static List<Diagnostic> check(Dockerfile dockerfile, PlanRequest request,
                                         Function<String, Set<String>> imageEnv) {
        CheckDirective directive;
        try {
            directive = CheckDirective.parse(dockerfile.directives().check());
        } catch (InvalidInputException e) {
            throw new InvalidInputException(Diagnostic.error(dockerfile.file(), null, e.getMessage()));
        }
        Findings findings = new Findings(dockerfile.file(), directive);
        new InstructionChecks(dockerfile, findings).run();
        new VariableChecks(dockerfile, request, imageEnv, findings).run();
        return findings.sorted();
    }
}
