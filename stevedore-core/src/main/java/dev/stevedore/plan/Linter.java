package dev.stevedore.plan;

import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.SourceRange;
import dev.stevedore.oci.Platform;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.dockerfile.Dockerfile;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The build checks ({@link LintRules}): BuildKit's, with BuildKit's wording, and Stevedore's
 * checks of multi-stage builds. Each finding is at the instruction's line, e.g.
 * {@code Dockerfile:3: StageNameCasing: Stage name 'Builder' should be lowercase}.
 *
 * <p>The {@code # check=} directive (or the {@code BUILDKIT_DOCKERFILE_CHECK} build arg, which
 * replaces it) is honoured: {@code skip=Rule,Rule} or {@code skip=all} drops findings,
 * {@code experimental=Rule} (or {@code all}) runs experimental rules; with {@code error=true}
 * findings have {@link Diagnostic.Severity#ERROR} severity (the build should fail on them, with
 * {@link LintReport#violation()}), otherwise {@link Diagnostic.Severity#WARNING}.
 */
public final class Linter {

    /** What is assumed of a base image whose config is not at hand: only {@code PATH} is set. */
    public static final Function<String, Set<String>> UNKNOWN_IMAGE_ENV = image -> Set.of("PATH");

    /** For a Dockerfile checked without its context: nothing is excluded. */
    public static final Predicate<String> NOTHING_IGNORED = path -> false;

    private Linter() {}

    /** The findings, assuming unknown base images set only {@code PATH} and a context that ignores nothing. */
    public static LintReport check(Dockerfile dockerfile, PlanRequest request) {
        return check(dockerfile, request, UNKNOWN_IMAGE_ENV, NOTHING_IGNORED);
    }

    /**
     * The findings.
     *
     * @param imageEnv the names a base image's config {@code Env} sets, given the FROM value
     *                 (expanded); {@code UndefinedVar} counts them as defined
     * @param ignored  whether a path of the context (relative, {@code /}-separated) is excluded by
     *                 its {@code .dockerignore}, for {@code CopyIgnoredFile}
     * @throws InvalidInputException when the {@code # check=} directive or build arg is malformed
     */
    public static LintReport check(Dockerfile dockerfile, PlanRequest request, Function<String, Set<String>> imageEnv,
                                   Predicate<String> ignored) {
        CheckDirective directive;
        try {
            directive = CheckDirective.of(dockerfile.directives().check(), request.buildArgs());
        } catch (InvalidInputException e) {
            throw new InvalidInputException(Diagnostic.error(dockerfile.file(), null, e.getMessage()));
        }
        Findings findings = new Findings(dockerfile.file(), directive);
        new InstructionChecks(dockerfile, findings).run();
        new VariableChecks(dockerfile, request, imageEnv, findings).run();
        new ValueChecks(dockerfile, request, ignored, findings).run();
        new StageChecks(dockerfile, request, findings).run();
        return findings.report();
    }

    /**
     * BuildKit's {@code InvalidBaseImagePlatform}, checked once a stage's base image is resolved:
     * the image's OS or architecture is not the stage's platform (its registry had no image for
     * it). A warning, or the build's error under {@code # check=error=true}; nothing when skipped.
     *
     * @param image    the base image as the FROM names it
     * @param range    the FROM instruction
     * @param expected the stage's platform
     * @param actual   the platform the image's config names
     */
    public static LintReport baseImagePlatform(Dockerfile dockerfile, BuildArgs buildArgs, String image,
                                               SourceRange range, Platform expected, Platform actual) {
        Findings findings = new Findings(dockerfile.file(), CheckDirective.of(dockerfile.directives().check(),
                buildArgs));
        if (!expected.os().equals(actual.os()) || !expected.normalize().architecture()
                .equals(actual.normalize().architecture())) {
            findings.add(LintRules.INVALID_BASE_IMAGE_PLATFORM, range, image, actual.normalize(), expected.normalize());
        }
        return findings.report();
    }
}
