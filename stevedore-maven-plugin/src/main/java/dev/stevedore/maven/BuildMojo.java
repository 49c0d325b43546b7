package dev.stevedore.maven;

import dev.stevedore.api.BuildRequest;
import dev.stevedore.api.BuildResult;
import dev.stevedore.api.Distribution;
import dev.stevedore.api.ImageBuilder;
import dev.stevedore.api.OutputSpec;
import dev.stevedore.api.PushedImage;
import dev.stevedore.api.Secret;
import dev.stevedore.api.SharedCache;
import dev.stevedore.api.images.Images;
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
 * {@code stevedore:build}: builds the Dockerfile into the local store, in Maven's JVM, as
 * {@code stevedore build} does. Bound to {@code package}, so that a Dockerfile may
 * {@code COPY target/*.jar} the jar the same phase made (declare this plugin after the
 * jar-making ones). Sets {@code stevedore.image.id} and {@code stevedore.image.digest}.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public final class BuildMojo extends StevedoreMojo {

    /** The stage to build; the last one when not given. */
    @Parameter(property = "stevedore.target")
    String target;

    /** {@code ARG} values, by name. */
    @Parameter
    Map<String, String> buildArgs;

    /** Labels of the image, over those of the Dockerfile. */
    @Parameter
    Map<String, String> labels;

    /** The platforms to build for ({@code linux/amd64}, {@code linux/arm64}): one image, or an index of several; the host's when not given. */
    @Parameter(property = "stevedore.platforms")
    List<String> platforms;

    /** Shared cache sources, tried in order before the store: {@code type=registry,ref=REF}, {@code type=local,src=DIR} or a bare reference, as {@code --cache-from}. */
    @Parameter
    List<String> cacheFrom;

    /** Shared cache targets written after the build: {@code type=registry|local|inline,...}, as {@code --cache-to}. */
    @Parameter
    List<String> cacheTo;

    /** What {@code RUN --mount=type=secret} reads: {@code id=ID,src=FILE} or {@code id=ID,env=VAR}. */
    @Parameter
    List<String> secrets;

    /** Exports besides the store, as {@code -o}: {@code type=oci|docker|local|tar,dest=PATH}. */
    @Parameter(property = "stevedore.outputs")
    List<String> outputs;

    /** Pushes every tag to its registry once built. */
    @Parameter(property = "stevedore.push", defaultValue = "false")
    boolean push;

    /** Asks the registry for every base image, even those the store has. */
    @Parameter(property = "stevedore.pull", defaultValue = "false")
    boolean pull;

    /** Builds every step again, ignoring the cache. */
    @Parameter(property = "stevedore.noCache", defaultValue = "false")
    boolean noCache;

    /** Prints the multi-stage report (stages, sizes, what multi-stage kept out) to the log. */
    @Parameter(property = "stevedore.report", defaultValue = "false")
    boolean report;

    @Override
    public void execute() throws MojoFailureException {
        if (skipped()) {
            return;
        }
        MavenLogListener listener = new MavenLogListener(getLog());
        BuildResult result;
        try {
            result = new ImageBuilder().build(request(), InputStream.nullInputStream(), listener);
        } catch (StevedoreException e) {
            throw new MojoFailureException(FailureView.of(listener.failure(), e.getMessage()), e);
        }
        for (PushedImage p : result.pushed()) {
            getLog().info("pushed " + p.reference() + "@" + p.pushed().digest());
        }
        if (report) {
            ReportLog.print(Images.open(Optional.empty()).report(result), getLog());
        }
        project.getProperties().setProperty("stevedore.image.id", result.imageId().toString());
        project.getProperties().setProperty("stevedore.image.digest", result.manifestDigest().toString());
        getLog().info("image " + result.imageId() + (result.tags().isEmpty() ? "" : " tagged " + String.join(", ", result.tags())));
    }

    private BuildRequest request() throws MojoFailureException {
        Distribution distribution = distribution()
                .withOutputs(orEmpty(outputs).stream().map(OutputSpec::parse).toList())
                .withPush(push)
                .withPull(pull);
        return BuildRequest.builder(contextDirectory.toPath())
                .dockerfile(dockerfile.toPath())
                .tags(tagsOrDefault())
                .target(target)
                .buildArgs(values(buildArgs))
                .labels(values(labels))
                .platform(platforms == null || platforms.isEmpty() ? null : String.join(",", platforms))
                .secrets(orEmpty(secrets).stream().map(s -> Secret.parse(s, System.getenv())).toList())
                .noCache(noCache)
                .sharedCache(SharedCache.of(orEmpty(cacheFrom), orEmpty(cacheTo)))
                .distribution(distribution)
                .build();
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
