package dev.stevedore.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.api.edge.EngineValues;
import dev.stevedore.attest.BuildFacts;
import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.dockerfile.Dockerfile;
import dev.stevedore.dockerfile.DockerfileParser;
import dev.stevedore.event.BuildEvent;
import dev.stevedore.event.BuildListener;
import dev.stevedore.exec.BuildExecutor;
import dev.stevedore.exec.BuildPorts;
import dev.stevedore.exec.OverlaySnapshots;
import dev.stevedore.runtime.ChrootRuntime;
import dev.stevedore.runtime.RuncRuntime;
import dev.stevedore.runtime.RuntimeLocator;
import dev.stevedore.snapshot.Snapshotter;
import dev.stevedore.exec.BuiltImage;
import dev.stevedore.exec.BuiltImages;
import dev.stevedore.output.StoredIndex;
import dev.stevedore.exec.ExecOptions;
import dev.stevedore.exec.Pulls;
import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.output.Exporters;
import dev.stevedore.oci.LayerCompression;
import dev.stevedore.output.OutputTarget;
import dev.stevedore.output.StoredImage;
import dev.stevedore.registry.PushResult;
import dev.stevedore.registry.RegistryOptions;
import dev.stevedore.exec.mounts.BuildMounts;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.MediaType;
import dev.stevedore.oci.Platform;
import dev.stevedore.plan.BuildArgs;
import dev.stevedore.store.Lease;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one door in: builds a Dockerfile as {@link BuildRequest} says, reporting to a listener. The
 * CLI calls nothing else; another Java program can do the same.
 */
public final class ImageBuilder {

    /**
     * The caller's environment: secrets given as variables, {@code SSH_AUTH_SOCK}, Docker's
     * config ({@code DOCKER_CONFIG}, {@code HOME}), the {@code PATH} the runtime is found on. Not
     * always this process's: a warm server builds for clients that each have their own.
     */
    private final Map<String, String> env;

    /** A builder whose {@code RUN --mount}s are BuildKit's, fed by {@link BuildRequest#secrets()} and {@link BuildRequest#ssh()}. */
    public ImageBuilder() {
        this(System.getenv());
    }

    /**
     * As {@link #ImageBuilder()}, for a caller whose environment is {@code env}.
     *
     * @param env the environment secrets, the SSH agent and the runtime's PATH are read from
     */
    public ImageBuilder(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /**
     * {@link #build(BuildRequest, InputStream, BuildListener)} with the process's standard input.
     *
     * @param request  what to build
     * @param listener told each build event, in order
     * @return what the build made
     */
    public BuildResult build(BuildRequest request, BuildListener listener) {
        return build(request, System.in, listener);
    }

    /**
     * Builds, writes the image into the store and tags it (or keeps it untagged, without {@code -t}).
     *
     * @param stdin read when the context or the Dockerfile is {@code -}
     * @throws dev.stevedore.diag.StevedoreException for anything the input got wrong, with the
     *         Dockerfile line when it is about one
     * @param request  what to build
     * @param listener told each build event, in order
     * @return what the build made
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
        List<Platform> platforms = request.platform().map(p -> Platform.parseList(p, Platform.host()))
                .orElse(List.of(Platform.host()));
        Store store = Store.open(request.storeRoot().map(StoreRoot::new).orElseGet(() -> StoreRoot.resolve(
                Optional.empty(), env)));
        StaleCleanup.run(store);
        Path staging = stagingDirectory(store);
        Path workDir = staging.resolve("context");
        try {
            java.util.concurrent.atomic.AtomicReference<BuildFacts.GitSource> git = new java.util.concurrent.atomic.AtomicReference<>();
            BuildContext context = ContextOpener.open(request, stdin, workDir,
                    c -> git.set(new BuildFacts.GitSource(request.contextUrl().orElseThrow(), c.commit())));
            seen.name = context.dockerfile().name();
            seen.text = new String(context.dockerfile().content(), StandardCharsets.UTF_8);
            Dockerfile dockerfile = DockerfileParser.parse(context.dockerfile().name(), context.dockerfile().content());
            RegistryOptions registry = EngineValues.registryOptions(request.distribution(), env);
            PublishSteps steps = new PublishSteps(listener);
            ExecOptions options = new ExecOptions(context, named, BuildArgs.of(request.buildArgs()), request.target(),
                    platforms.getFirst(), request.noCache(), request.noCacheFilter(), request.jobs(),
                    new BuildMounts(request.secrets().stream().map(EngineValues::secret).toList(),
                            request.ssh().stream().map(EngineValues::ssh).toList(), env),
                    steps, Pulls.from(registry, request.distribution().pull()),
                    request.labels(), EngineValues.network(request.network()), request.sandbox(),
                    EngineValues.cache(request.sharedCache()))
                    .withExportCompression(exportCompression(request.distribution()));
            List<String> tagged = new ArrayList<>();
            // what the result is known by in the store: with attestations, the index holding them
            java.util.concurrent.atomic.AtomicReference<Descriptor> stored = new java.util.concurrent.atomic.AtomicReference<>();
            Attestations attestations = new Attestations(request, tags, context.dockerfile().name(),
                    context.dockerfile().content(), Optional.ofNullable(git.get()), started);
            BuiltImages built = BuildExecutor.build(store, ports(store, request), dockerfile, options, platforms,
                    result -> {
                        try (Lease lease = store.lease()) {
                            // with attestations, the name goes to the index holding the images and them
                            Descriptor top = attestations.attach(store, lease, result).orElse(result.top());
                            stored.set(top);
                            for (ImageReference tag : tags) {
                                store.tags().tag(tag.toString(), top);
                                tagged.add(tag.toString());
                            }
                            if (tags.isEmpty()) {
                                // addressable by its id (docker run $(docker build -q .)) until a prune, with
                                // its index (platforms, attestations) as a tag would keep it
                                store.tags().keepUntagged(top);
                            }
                        }
                    });
            List<PushedImage> pushed = publish(store, built, stored.get(), request.distribution(), tags, registry,
                    steps).stream().map(EngineValues::pushed).toList();
            BuiltImage first = built.images().getFirst();
            // a multi-platform build is known by its index
            BuildResult result = built.index().isPresent()
                    ? new BuildResult(built.top().digest(), built.top().digest(), tagged, pushed,
                            built.images().stream().flatMap(i -> i.stages().stream()).map(EngineValues::stage).toList())
                    : new BuildResult(first.config().digest(), first.manifest().digest(), tagged, pushed,
                            first.stages().stream().map(EngineValues::stage).toList());
            // BuildKit's containerimage.digest and .descriptor name what the exporter wrote and tagged: with
            // attestations, the index holding them and the image (or the platforms' index)
            writeFiles(request, result, stored.get(), built.cacheManifest());
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

    /**
     * The store's overlay snapshots, and runc (or {@code --runtime}) looked up when the first RUN
     * needs it — or, with {@code --isolation chroot}, a chroot.
     */
    private BuildPorts ports(Store store, BuildRequest request) {
        return new BuildPorts(new OverlaySnapshots(Snapshotter.open(store, env)), () -> switch (request.isolation()) {
            case OCI -> new RuncRuntime(RuntimeLocator.locate(request.runtime().map(Object::toString),
                    env.getOrDefault("PATH", "")), store.tmpDirectory().resolve("runtime"));
            case CHROOT -> new ChrootRuntime();
        });
    }

    /**
     * How the image's layers are compressed: as its outputs ask ({@code compression=...}), gzip for
     * a registry or an OCI archive that asks nothing; uncompressed when the image stays in the store
     * (a docker archive, which holds them so, included). One build writes its layers one way, so
     * outputs asking for different compressions are refused.
     */
    private static LayerCompression exportCompression(Distribution d) {
        Set<LayerCompression> asked = new LinkedHashSet<>();
        // --push is type=registry without a compression of its own
        boolean pushed = false;
        for (OutputTarget target : d.outputs()) {
            switch (target) {
                case OutputTarget.Store s -> {
                    pushed |= s.push();
                    s.compression().or(() -> s.push() ? Optional.of(LayerCompression.GZIP) : Optional.empty())
                            .ifPresent(asked::add);
                }
                case OutputTarget.OciArchive a -> asked.add(a.compression().orElse(LayerCompression.GZIP));
                case OutputTarget.DockerArchive a -> a.compression().ifPresent(asked::add);
                case OutputTarget.LocalDirectory l -> { }
                case OutputTarget.Tar t -> { }
            }
        }
        if (d.push() && !pushed) {
            asked.add(LayerCompression.GZIP);
        }
        if (asked.size() > 1) {
            throw new InvalidInputException("the outputs ask for different layer compressions ("
                    + asked.stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", "))
                    + "): a build compresses its layers one way; give each --output the same compression=");
        }
        return asked.isEmpty() ? LayerCompression.NONE : asked.iterator().next();
    }

    /**
     * Exports to each {@code --output}, then pushes every tag with {@code --push}; each a step of its
     * own. {@code stored} is the result as the store keeps it: with attestations, the index holding
     * them, which the store and an OCI archive keep whole; the other outputs take the images alone.
     */
    private static List<PushResult> publish(Store store, BuiltImages built, Descriptor stored, Distribution d,
                                            List<ImageReference> tags, RegistryOptions registry, PublishSteps steps) {
        // --push, type=registry and type=image,push=true: one push of every -t name
        boolean push = d.push() || d.outputs().stream().anyMatch(t -> t instanceof OutputTarget.Store s && s.push());
        if (d.outputs().isEmpty() && !push) {
            return List.of();
        }
        if (push && tags.isEmpty()) {
            throw new InvalidInputException("--push needs a name to push to: add -t REGISTRY/NAME:TAG");
        }
        boolean attested = !stored.digest().equals(built.top().digest());
        for (OutputTarget target : d.outputs()) {
            boolean keepsIndex = keepsAttestations(target);
            if (attested && !keepsIndex) {
                // as buildx: a docker archive has no place for an index
                steps.on(new BuildEvent.Warning(Instant.now(), Diagnostic.warning("--output " + describe(target),
                        null, "attestations are left out of " + noun(target) + ", as buildx leaves them out")));
            }
            Descriptor top = keepsIndex ? stored : built.top();
            steps.run(PublishSteps.exporting(target), transfers -> {
                if (MediaType.isIndex(top.mediaType())) {
                    Exporters.export(StoredIndex.read(store, top), tags, target);
                } else {
                    Exporters.export(StoredImage.read(store, top), tags, target);
                }
                return target;
            });
        }
        List<PushResult> pushed = new ArrayList<>();
        for (ImageReference tag : push ? tags : List.<ImageReference>of()) {
            pushed.add(steps.run("pushing " + tag.familiarString(),
                    transfers -> Publisher.push(store, tag, registry.withListener(transfers))));
        }
        return pushed;
    }

    /** Whether {@code target} holds an index with attestations, as BuildKit's oci and image exporters do. */
    private static boolean keepsAttestations(OutputTarget target) {
        return switch (target) {
            case OutputTarget.Store s -> true;
            case OutputTarget.OciArchive a -> true;
            case OutputTarget.DockerArchive a -> false;
            case OutputTarget.LocalDirectory l -> false;
            case OutputTarget.Tar t -> false;
        };
    }

    /** What {@code target} writes, in a sentence. */
    private static String noun(OutputTarget target) {
        return switch (target) {
            case OutputTarget.Store s -> "the store";
            case OutputTarget.OciArchive a -> "an OCI archive";
            case OutputTarget.DockerArchive a -> "a docker archive";
            case OutputTarget.LocalDirectory l -> "a local directory";
            case OutputTarget.Tar t -> "a file system tar";
        };
    }

    /** The {@code --output} as a user writes it. */
    private static String describe(OutputTarget target) {
        return switch (target) {
            case OutputTarget.Store s -> s.push() ? "type=registry" : "type=image";
            case OutputTarget.OciArchive a -> "type=oci,dest=" + a.dest();
            case OutputTarget.DockerArchive a -> "type=docker,dest=" + a.dest();
            case OutputTarget.LocalDirectory l -> "type=local,dest=" + l.dest();
            case OutputTarget.Tar t -> "type=tar,dest=" + t.dest();
        };
    }

    private static void writeFiles(BuildRequest request, BuildResult result, Descriptor manifest,
                                   Optional<Descriptor> cacheManifest) {
        try {
            if (request.iidFile().isPresent()) {
                Files.writeString(request.iidFile().get(), result.imageId().toString(), StandardCharsets.UTF_8);
            }
            if (request.metadataFile().isPresent()) {
                ObjectNode node = new ObjectMapper().createObjectNode();
                node.put("containerimage.config.digest", result.imageId().toString());
                node.put("containerimage.digest", manifest.digest().toString());
                node.set("containerimage.descriptor", descriptor(manifest));
                if (!result.tags().isEmpty()) {
                    node.put("image.name", String.join(",", result.tags()));
                }
                // BuildKit's cache exporters answer the descriptor as JSON text, which buildx
                // writes as it is: a string, not an object
                cacheManifest.ifPresent(c -> node.put("cache.manifest", descriptor(c).toString()));
                Files.writeString(request.metadataFile().get(), node.toPrettyString(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the build's result files: " + e.getMessage(), e);
        }
    }

    /** BuildKit's {@code containerimage.descriptor}: the descriptor of the image manifest, or of the index. */
    private static ObjectNode descriptor(Descriptor manifest) {
        ObjectNode d = new ObjectMapper().createObjectNode();
        d.put("mediaType", manifest.mediaType());
        d.put("digest", manifest.digest().toString());
        d.put("size", manifest.size());
        manifest.artifactType().ifPresent(t -> d.put("artifactType", t));
        return d;
    }
}
