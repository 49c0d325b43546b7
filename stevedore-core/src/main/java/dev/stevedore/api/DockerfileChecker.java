package dev.stevedore.api;

import dev.stevedore.context.BuildContext;
import dev.stevedore.api.edge.EngineValues;
import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.dockerfile.Dockerfile;
import dev.stevedore.dockerfile.DockerfileParser;
import dev.stevedore.oci.Platform;
import dev.stevedore.plan.BuildArgs;
import dev.stevedore.plan.LintReport;
import dev.stevedore.plan.Linter;
import dev.stevedore.plan.NamedContext;
import dev.stevedore.plan.PlanRequest;
import dev.stevedore.plan.Planner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The build checks alone ({@code stevedore lint}, {@code build --check}): opens the context as a
 * build would, runs the checks with its {@code .dockerignore}, and plans the build to find what
 * would stop it, without a store, a registry or a runtime. Base images are not looked at, so
 * {@code UndefinedVar} knows only {@code PATH} of their environment.
 */
public final class DockerfileChecker {

    /** A checker; it keeps nothing between checks. */
    public DockerfileChecker() {}

    /**
     * The findings and the error the build would stop on.
     *
     * @param request the context, the Dockerfile, and what changes their meaning
     * @param stdin read when the context or the Dockerfile is {@code -}
     * @return the findings, and the error if any
     * @throws dev.stevedore.diag.StevedoreException when the context or the Dockerfile cannot be
     *         opened, or a {@code # check=} directive is malformed
     */
    public CheckResult check(CheckRequest request, InputStream stdin) {
        Path workDir = scratch();
        try {
            BuildContext context = ContextOpener.open(request.contextUrl(), request.contextDir(), request.dockerfile(), stdin,
                    workDir.resolve("context"));
            String file = context.dockerfile().name();
            byte[] source = context.dockerfile().content();
            Dockerfile dockerfile;
            try {
                dockerfile = DockerfileParser.parse(file, source);
            } catch (InvalidInputException e) {
                return new CheckResult(file, source, List.of(), Optional.of(diagnostic(file, e)));
            }
            PlanRequest plan = planRequest(request);
            LintReport report = Linter.check(dockerfile, plan, Linter.UNKNOWN_IMAGE_ENV,
                    path -> context.ignorePatterns().matches(path));
            Optional<Diagnostic> error;
            try {
                Planner.plan(dockerfile, plan);
                error = report.violation();
            } catch (InvalidInputException e) {
                error = Optional.of(diagnostic(file, e));
            }
            return new CheckResult(file, source, report.findings().stream().map(EngineValues::finding).toList(), error);
        } finally {
            ContextOpener.delete(workDir);
        }
    }

    private static PlanRequest planRequest(CheckRequest request) {
        // the checks see the first platform of a --platform list, as the build's first plan does
        Platform platform = request.platform().map(p -> Platform.parseList(p, Platform.host()).getFirst())
                .orElse(Platform.host());
        List<NamedContext> named = request.buildContexts().stream().map(NamedContext::parse).toList();
        return new PlanRequest(request.target(), BuildArgs.of(request.buildArgs()), platform, Platform.host(), named);
    }

    private static Diagnostic diagnostic(String file, InvalidInputException e) {
        return e.diagnostic().orElseGet(() -> Diagnostic.error(file, null, e.getMessage()));
    }

    /** A private directory for an archive context; nothing is written to the store. */
    private static Path scratch() {
        try {
            return Files.createTempDirectory("stevedore-check-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory: " + e.getMessage(), e);
        }
    }
}
