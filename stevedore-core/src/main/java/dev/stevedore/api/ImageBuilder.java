package dev.stevedore.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.dockerfile.Dockerfile;
import dev.stevedore.dockerfile.DockerfileParser;
import dev.stevedore.event.BuildEvent;
import dev.stevedore.event.BuildListener;
import dev.stevedore.exec.BuildExecutor;
import dev.stevedore.exec.BuiltImage;
import dev.stevedore.exec.ExecOptions;
import dev.stevedore.exec.RunMountResolver;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Platform;
import dev.stevedore.plan.BuildArgs;
import dev.stevedore.store.Store;
import dev.stevedore.store.StoreRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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

    private final RunMountResolver mounts;

    public ImageBuilder() {
        this(RunMountResolver.UNSUPPORTED);
    }

    /** @param mounts how {@code RUN --mount} flags become mounts */
    public ImageBuilder(RunMountResolver mounts) {
        this.mounts = mounts;
    }

    /**
     * Builds, writes the image into the store and tags it.
     *
     * @throws dev.stevedore.diag.StevedoreException for anything the input got wrong, with the
     *         Dockerfile line when it is about one
     */
    public BuildResult build(BuildRequest request, BuildListener listener) {
        Instant started = Instant.now();
        Path context = request.contextDir().toAbsolutePath().normalize();
        if (!Files.isDirectory(context)) {
            throw new NotFoundException("build context " + request.contextDir() + " is not a directory");
        }
        Path dockerfilePath = request.dockerfile().orElse(context.resolve("Dockerfile")).toAbsolutePath();
        Dockerfile dockerfile = DockerfileParser.parse(request.dockerfile().map(Path::toString).orElse("Dockerfile"),
                read(dockerfilePath));
        List<ImageReference> tags = request.tags().stream().map(t -> ImageReference.parse(t).withDefaultTag()).toList();
        Platform platform = request.platform().map(Platform::parse).orElse(Platform.host());
        int jobs = request.jobs() > 0 ? request.jobs() : Runtime.getRuntime().availableProcessors();
        ExecOptions options = new ExecOptions(context, dockerfilePath, BuildArgs.of(request.buildArgs()),
                request.target(), platform, request.noCache(), request.noCacheFilter(), jobs, mounts, Optional.empty(),
                listener);
        Store store = Store.open(request.storeRoot().map(StoreRoot::new).orElseGet(() -> StoreRoot.resolve(
                Optional.empty())));
        BuiltImage image = BuildExecutor.build(store, dockerfile, options);
        List<String> tagged = new ArrayList<>();
        for (ImageReference tag : tags) {
            store.tags().tag(tag.toString(), image.manifest());
            tagged.add(tag.toString());
        }
        BuildResult result = new BuildResult(image.config().digest(), image.manifest().digest(), tagged);
        writeFiles(request, result);
        listener.on(new BuildEvent.BuildDone(Instant.now(), result.imageId().toString(),
                Duration.between(started, Instant.now())));
        return result;
    }

    private static byte[] read(Path dockerfile) {
        try {
            return Files.readAllBytes(dockerfile);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("Dockerfile not found: " + dockerfile);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + dockerfile + ": " + e.getMessage(), e);
        }
    }

    private static void writeFiles(BuildRequest request, BuildResult result) {
        try {
            if (request.iidFile().isPresent()) {
                Files.writeString(request.iidFile().get(), result.imageId().toString(), StandardCharsets.UTF_8);
            }
            if (request.metadataFile().isPresent()) {
                ObjectNode node = new ObjectMapper().createObjectNode();
                node.put("containerimage.config.digest", result.imageId().toString());
                node.put("containerimage.digest", result.manifestDigest().toString());
                if (!result.tags().isEmpty()) {
                    node.put("image.name", String.join(",", result.tags()));
                }
                Files.writeString(request.metadataFile().get(), node.toPrettyString(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the build's result files: " + e.getMessage(), e);
        }
    }
}
