package dev.stevedore.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.dockerfile.Dockerfile;
import dev.stevedore.dockerfile.DockerfileParser;
import dev.stevedore.event.BuildEvent;
import dev.stevedore.event.BuildListener;
import dev.stevedore.exec.BuildExecutor;
import dev.stevedore.exec.BuildPorts;
import dev.stevedore.exec.OverlaySnapshots;
import dev.stevedore.runtime.RuncRuntime;
import dev.stevedore.runtime.RuntimeLocator;
import dev.stevedore.snapshot.Snapshotter;
import dev.stevedore.exec.BuiltImage;
import dev.stevedore.exec.ExecOptions;
import dev.stevedore.exec.Pulls;
import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.output.Exporters;
import dev.stevedore.output.OutputTarget;
import dev.stevedore.output.StoredImage;
import dev.stevedore.registry.PushResult;
import dev.stevedore.registry.RegistryOptions;
import dev.stevedore.exec.mounts.BuildMounts;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Platform;
import dev.stevedore.plan.BuildArgs;
import dev.stevedore.store.Store;
import dev.stevedore.store.StoreRoot;
import dev.stevedore.context.BuildContext;
import dev.stevedore.plan.NamedContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one door in: builds a Dockerfile as {@link BuildRequest} says, reporting to a listener. The
 * CLI calls nothing else; another Java program can do the same.
 */
public final class ImageBuilder {

    /** A builder whose {@code RUN --mount}s are BuildKit's, fed by {@link BuildRequest#secrets()} and {@link BuildRequest#ssh()}. */
    public ImageBuilder() {}

    /** {@link #build(BuildRequest, InputStream, BuildListener)} with the process's standard input. */
    public BuildResult build(BuildRequest request, BuildListener listener) {
        return build(request, System.in, listener);
    }

    /**
     * Builds, writes the image into the store and tags it (or keeps it untagged, without {@code -t}).
     *
     * @param stdin read when the context or the Dockerfile is {@code -}
     * @throws dev.stevedore.diag.StevedoreException for anything the input got wrong, with the
     *         Dockerfile line when it is about one
     */
    public BuildResult build(BuildRequest request, InputStream stdin, BuildListener listener) {
        FailureRecorder recorder = new FailureRecorder(listener);
        DockerfileSeen seen = new DockerfileSeen();
        try {
            return build(request, stdin, recorder, seen);
        } catch (StevedoreException e) {
            recorder.on(recorder.failure(e, seen.name, Optional.ofNullable(seen.text)));
            throw e;
        }
    }

    /** The Dockerfile once read, for the error view of a failure. */
    private static final class DockerfileSeen {
        String name = "";
        String text;
    }

    private BuildResult build(BuildRequest request, InputStream stdin, BuildListener listener, DockerfileSeen seen) {
        Instant started = Instant.now();
        List<ImageReference> tags = request.tags().stream().map(t -> ImageReference.parse(t).withDefaultTag()).toList();
        List<NamedContext> named = request.buildContexts().stream().map(NamedContext::parse).toList();
        Platform platform = request.platform().map(Platform::parse).orElse(Platform.host());
        int jobs = request.jobs() > 0 ? request.jobs() : Runtime.getRuntime().availableProcessors();
        Store store = Store.open(request.storeRoot().map(StoreRoot::new).orElseGet(() -> StoreRoot.resolve(
                Optional.empty())));
        StaleCleanup.run(store);
        Path staging = stagingDirectory(store);
        Path workDir = staging.resolve("context");
        try {
            BuildContext context = ContextOpener.open(request, stdin, workDir);
            seen.name = context.dockerfile().name();
            seen.text = new String(context.dockerfile().content(), StandardCharsets.UTF_8);
            Dockerfile dockerfile = DockerfileParser.parse(context.dockerfile().name(), context.dockerfile().content());
            RegistryOptions registry = Publisher.registryOptions(request.distribution());
            PublishSteps steps = new PublishSteps(listener);
            ExecOptions options = new ExecOptions(context, named, BuildArgs.of(request.buildArgs()), request.target(),
                    platform, request.noCache(), request.noCacheFilter(), jobs,
                    new BuildMounts(request.secrets(), request.ssh(), System.getenv()),
                    steps, Pulls.from(registry, request.distribution().pull()),
                    request.labels(), request.network(), request.sandbox());
            List<String> tagged = new ArrayList<>();
            BuiltImage image = BuildExecutor.build(store, ports(store, request), dockerfile, options, built -> {
                for (ImageReference tag : tags) {
                    store.tags().tag(tag.toString(), built.manifest());
                    tagged.add(tag.toString());
                }
                if (tags.isEmpty()) {
                    // addressable by its id (docker run $(docker build -q .)) until a prune
                    store.tags().keepUntagged(built.manifest());
                }
            });
            List<PushResult> pushed = publish(store, image, request.distribution(), tags, registry, steps);
            BuildResult result = new BuildResult(image.config().digest(), image.manifest().digest(), tagged, pushed,
                    image.stages());
            writeFiles(request, result, image.manifest());
            listener.on(new BuildEvent.BuildDone(Instant.now(), result.imageId().toString(),
                    Duration.between(started, Instant.now())));
            return result;
        } finally {
            ContextOpener.delete(staging);
        }
    }

    /** The build's own staging directory, which the next command removes if this build is killed. */
    private static Path stagingDirectory(Store store) {
        try {
            return store.stagingDirectory("build");
        } catch (IOException e) {
            throw new InternalException("cannot create a staging directory in " + store.tmpDirectory() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The store's overlay snapshots, and runc (or {@code --runtime}) looked up when the first RUN needs it. */
    private static BuildPorts ports(Store store, BuildRequest request) {
        return new BuildPorts(new OverlaySnapshots(Snapshotter.open(store)),
                () -> new RuncRuntime(RuntimeLocator.locate(request.runtime().map(Object::toString)),
                        store.tmpDirectory().resolve("runtime")));
    }

    /** Exports to each {@code --output}, then pushes every tag with {@code --push}; each a step of its own. */
    private static List<PushResult> publish(Store store, BuiltImage image, Distribution d, List<ImageReference> tags,
                                            RegistryOptions registry, PublishSteps steps) {
        if (d.outputs().isEmpty() && !d.push()) {
            return List.of();
        }
        if (d.push() && tags.isEmpty()) {
            throw new InvalidInputException("--push needs a name to push to: add -t REGISTRY/NAME:TAG");
        }
        StoredImage stored = StoredImage.read(store, image.manifest());
        for (OutputTarget target : d.outputs()) {
            steps.run(PublishSteps.exporting(target), transfers -> {
                Exporters.export(stored, tags, target);
                return target;
            });
        }
        List<PushResult> pushed = new ArrayList<>();
        for (ImageReference tag : d.push() ? tags : List.<ImageReference>of()) {
            pushed.add(steps.run("pushing " + tag.familiarString(),
                    transfers -> Publisher.push(store, tag, registry.withListener(transfers))));
        }
        return pushed;
    }

    private static void writeFiles(BuildRequest request, BuildResult result, Descriptor manifest) {
        try {
            if (request.iidFile().isPresent()) {
                Files.writeString(request.iidFile().get(), result.imageId().toString(), StandardCharsets.UTF_8);
            }
            if (request.metadataFile().isPresent()) {
                ObjectNode node = new ObjectMapper().createObjectNode();
                node.put("containerimage.config.digest", result.imageId().toString());
                node.put("containerimage.digest", result.manifestDigest().toString());
                node.set("containerimage.descriptor", descriptor(manifest));
                if (!result.tags().isEmpty()) {
                    node.put("image.name", String.join(",", result.tags()));
                }
                Files.writeString(request.metadataFile().get(), node.toPrettyString(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the build's result files: " + e.getMessage(), e);
        }
    }

    /** BuildKit's {@code containerimage.descriptor}: the image manifest's descriptor. */
    private static ObjectNode descriptor(Descriptor manifest) {
        ObjectNode d = new ObjectMapper().createObjectNode();
        d.put("mediaType", manifest.mediaType());
        d.put("digest", manifest.digest().toString());
        d.put("size", manifest.size());
        return d;
    }
}
