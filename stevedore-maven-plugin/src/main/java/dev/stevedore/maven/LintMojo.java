package dev.stevedore.maven;

import dev.stevedore.api.CheckFinding;
import dev.stevedore.api.CheckRequest;
import dev.stevedore.api.CheckResult;
import dev.stevedore.api.DockerfileChecker;
import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.SourceExcerpt;
import dev.stevedore.diag.StevedoreException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code stevedore:lint}: the build checks, without building, as {@code stevedore lint}: each
 * finding at WARN; the build fails when the Dockerfile would not build, or when it says
 * {@code # check=error=true} and a check fired. Bound to {@code validate}, so a bad Dockerfile
 * stops the build before anything is compiled.
 */
@Mojo(name = "lint", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public final class LintMojo extends StevedoreMojo {

    /** The stage the build would target (what the checks plan for). */
    @Parameter(property = "stevedore.target")
    String target;

    /** {@code ARG} values, by name, as the build would have them. */
    @Parameter
    Map<String, String> buildArgs;

    @Override
    public void execute() throws MojoFailureException {
        if (skipped()) {
            return;
        }
        CheckResult result;
        try {
            result = new DockerfileChecker().check(new CheckRequest(contextDirectory.toPath(), Optional.empty(),
                    Optional.of(dockerfile.toPath()), values(buildArgs),
                    Optional.ofNullable(target), Optional.empty(), List.of()), InputStream.nullInputStream());
        } catch (StevedoreException e) {
            throw new MojoFailureException("failed to lint: " + e.getMessage(), e);
        }
        for (CheckFinding f : result.findings()) {
            getLog().warn(f.diagnostic().format() + " (" + f.url() + ")");
        }
        if (result.error().isPresent()) {
            Diagnostic error = result.error().get();
            String excerpt = error.range() == null ? ""
                    : "\n" + SourceExcerpt.of(result.file(), result.source(), error.range()).render().stripTrailing();
            throw new MojoFailureException(error.format() + excerpt);
        }
        getLog().info(result.findings().isEmpty() ? "Check complete, no warnings found."
                : "Check complete, " + result.findings().size() + " warning(s).");
    }
}
