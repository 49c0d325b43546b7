package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.event.BuildEvent;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageIndex;
import dev.stevedore.oci.MediaType;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Platform;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.api.images.Images;
import dev.stevedore.output.OutputTarget;
import dev.stevedore.registry.PullResult;
import dev.stevedore.registry.RegistryClient;
import dev.stevedore.registry.RegistryOptions;
import dev.stevedore.store.Store;
import dev.stevedore.testing.MultiPlatformBusybox;
import dev.stevedore.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-platform builds (root, real runc, arm64 RUN under qemu-user-static): the stand-in
 * busybox of amd64 and arm64 is pushed as an index to a registry, built FROM for both platforms
 * into one index, pushed, exported and pulled back per platform.
 */
class MultiPlatformBuildTest {

    @TempDir
    Path dir;

    TestRegistry registry;
    String host;
    final List<BuildEvent> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() throws Exception {
        MultiPlatformBusybox.assumeEmulation();
        registry = TestRegistry.start();
        host = registry.host();
        MultiPlatformBusybox.pushTo(dir, host);
    }

    @AfterEach
    void tearDown() {
        if (registry != null) {
            registry.close();
        }
    }

    private static final String DOCKERFILE = """
            FROM --platform=$BUILDPLATFORM %1$s/busybox:multi AS tools
            RUN echo shared > /shared
            FROM %1$s/busybox:multi
            ARG TARGETPLATFORM TARGETOS TARGETARCH TARGETVARIANT BUILDPLATFORM
            COPY --from=tools /shared /shared
            RUN uname -m > /arch && echo "$TARGETPLATFORM $TARGETOS $TARGETARCH [$TARGETVARIANT] $BUILDPLATFORM" > /args
            """;

    @Test
    void buildsOneIndexWithAnImagePerPlatformRunsTheSharedStageOnceAndPushesIt() throws Exception {
        Path out = dir.resolve("out");
        Path oci = dir.resolve("app.oci.tar");
        BuildResult result = build(DOCKERFILE.formatted(host), r -> r.platform("linux/amd64,linux/arm64")
                .tags(List.of(host + "/app:multi"))
                // the platforms' index alone (provenance is attached by default when pushed: AttestationBuildTest)
                .attestations(AttestationRequest.parse(Optional.empty(), Optional.of("false"), List.of()))
                .distribution(Distribution.defaults().withPush(true).withOutputs(List.of(
                        new OutputTarget.LocalDirectory(out), new OutputTarget.OciArchive(oci)))));

        Store store = Store.open(dir.resolve("store"));
        ImageIndex index = OciJson.readIndex(store.blobs().read(result.manifestDigest()), "index").value();
        assertThat(index.manifests()).extracting(d -> d.platform().orElseThrow().toString())
                .containsExactly("linux/amd64", "linux/arm64");
        assertThat(store.tags().find(host + "/app:multi")).get()
                .satisfies(t -> assertThat(t.descriptor().digest()).isEqualTo(result.manifestDigest()));

        Images images = new Images(store, java.time.Clock.systemUTC());
        assertThat(images.list()).filteredOn(row -> row.repository().equals(host + "/app")).singleElement()
                .satisfies(row -> {
                    assertThat(row.id()).as("a multi-platform image is known by its index").isEqualTo(result.imageId());
                    assertThat(row.platforms()).extracting(Platform::toString).containsExactly("linux/amd64", "linux/arm64");
                });
        JsonNode inspect = new ObjectMapper().readTree(images.inspect(List.of(host + "/app:multi"))).get(0);
        assertThat(inspect.path("Index").path("digest").asText()).isEqualTo(result.manifestDigest().toString());
        assertThat(inspect.path("Manifests")).hasSize(2);
        assertThat(images.resolve(host + "/app:multi", MultiPlatformBusybox.ARM64).config().value().architecture())
                .as("run --platform picks that platform's image").isEqualTo("arm64");
        assertThat(images.resolve(host + "/app:multi").image().config().value().architecture())
                .as("the host's by default").isEqualTo("amd64");

        images.prune(true);
        assertThat(images.fsck(false).storeProblems()).as("a prune keeps every platform of a tagged index").isEmpty();
        assertThat(images.resolve(host + "/app:multi", MultiPlatformBusybox.ARM64)).isNotNull();

        assertThat(out.resolve("linux_amd64/arch")).hasContent("x86_64");
        assertThat(out.resolve("linux_arm64/arch")).as("the arm64 RUN ran under emulation").hasContent("aarch64");
        assertThat(out.resolve("linux_arm64/args")).hasContent("linux/arm64 linux arm64 [] linux/amd64");
        assertThat(out.resolve("linux_amd64/args")).hasContent("linux/amd64 linux amd64 [] linux/amd64");
        assertThat(out.resolve("linux_arm64/shared")).hasContent("shared");

        Map<String, Integer> ran = counts(BuildEvent.StepDone.class);
        Map<String, Integer> cached = counts(BuildEvent.StepCached.class);
        assertThat(ran.getOrDefault("RUN echo shared > /shared", 0) + cached.getOrDefault("RUN echo shared > /shared", 0))
                .isEqualTo(2);
        assertThat(ran.get("RUN echo shared > /shared")).as("the $BUILDPLATFORM stage runs once for both").isEqualTo(1);

        JsonNode raw = new ObjectMapper().readTree(BuildHarness.run("skopeo", "inspect", "--raw", "--tls-verify=false",
                "docker://" + host + "/app:multi"));
        assertThat(raw.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.index.v1+json");
        List<String> pushed = new ArrayList<>();
        raw.path("manifests").forEach(m -> pushed.add(m.path("platform").path("architecture").asText()));
        assertThat(pushed).containsExactly("amd64", "arm64");

        Store other = Store.open(dir.resolve("other"));
        try (RegistryClient client = new RegistryClient(RegistryOptions.defaults())) {
            for (Platform p : List.of(MultiPlatformBusybox.AMD64, MultiPlatformBusybox.ARM64)) {
                PullResult pulled = client.pull(ImageReference.parse(host + "/app:multi"), p, other);
                Descriptor config = OciJson.readImageManifest(other.blobs().read(pulled.manifest().digest()), "m")
                        .value().config();
                assertThat(OciJson.readConfig(other.blobs().read(config.digest())).value().architecture())
                        .isEqualTo(p.architecture());
            }
        }

        String ociIndex = BuildHarness.run("skopeo", "inspect", "--raw", "oci-archive:" + oci);
        assertThat(new ObjectMapper().readTree(ociIndex).path("manifests")).hasSize(2);

        build(DOCKERFILE.formatted(host), r -> r.platform("linux/amd64,linux/arm64").tags(List.of(host + "/app:multi")));
        assertThat(counts(BuildEvent.StepDone.class).keySet()).as("a rebuild with nothing changed is fully cached")
                .allMatch(name -> name.startsWith("FROM "));
    }

    @Test
    void theMetadataFileNamesTheIndexWithTheAttestationsAsBuildKitDoes() throws Exception {
        Path metadata = dir.resolve("metadata.json");
        BuildResult result = build("FROM %s/busybox:multi\nCOPY Dockerfile /\n".formatted(host),
                r -> r.platform("linux/amd64,linux/arm64").tags(List.of("app:meta")).metadataFile(metadata)
                        .attestations(AttestationRequest.parse(Optional.empty(), Optional.of("min"), List.of())));

        Store store = Store.open(dir.resolve("store"));
        dev.stevedore.oci.Descriptor tagged = store.tags().resolve("docker.io/library/app:meta");
        ImageIndex index = OciJson.readIndex(store.blobs().read(tagged.digest()), "index").value();
        assertThat(index.manifests()).as("both platforms and an attestation of each").hasSize(4);
        JsonNode meta = new ObjectMapper().readTree(metadata.toFile());
        assertThat(meta.path("containerimage.digest").asText()).isEqualTo(tagged.digest().toString())
                .isNotEqualTo(result.manifestDigest().toString());
        assertThat(meta.path("containerimage.descriptor").path("digest").asText()).isEqualTo(tagged.digest().toString());
        assertThat(meta.path("containerimage.descriptor").path("mediaType").asText()).isEqualTo(MediaType.OCI_INDEX);
        assertThat(meta.path("containerimage.descriptor").path("size").asLong()).isEqualTo(tagged.size());
    }

    @Test
    void withNoCacheTheSharedStageStillRunsOnceForBothPlatforms() throws Exception {
        build(DOCKERFILE.formatted(host), r -> r.platform("linux/amd64,linux/arm64").noCache(true));
        assertThat(counts(BuildEvent.StepDone.class).get("RUN echo shared > /shared")).isEqualTo(1);
        assertThat(counts(BuildEvent.StepCached.class).get("RUN echo shared > /shared")).isEqualTo(1);
        assertThat(counts(BuildEvent.StepDone.class).keySet()).as("every other step ran")
                .anyMatch(name -> name.startsWith("RUN uname -m"));
    }

    @Test
    void eachPlatformOfAPulledBaseIsFoundInTheStoreWithoutAskingTheRegistryAgain() throws Exception {
        build("FROM %s/busybox:multi\nCOPY Dockerfile /\n".formatted(host), r -> r.platform("linux/amd64,linux/arm64"));
        registry.stop();  // the tag names the index, which holds both platforms pulled: each comes from the store
        Store store = Store.open(dir.resolve("store"));
        for (Platform p : List.of(MultiPlatformBusybox.AMD64, MultiPlatformBusybox.ARM64)) {
            BuildResult result = build("FROM %s/busybox:multi\nCOPY Dockerfile /again\n".formatted(host),
                    r -> r.platform(p.toString()));
            assertThat(OciJson.readConfig(store.blobs().read(result.imageId())).value().architecture())
                    .isEqualTo(p.architecture());
        }
    }

    @Test
    void aDockerArchiveOfSeveralPlatformsIsRefusedAsBuildxRefusesIt() {
        assertThatThrownBy(() -> build("FROM %s/busybox:multi\nCOPY Dockerfile /\n".formatted(host),
                r -> r.platform("linux/amd64,linux/arm64").distribution(Distribution.defaults()
                        .withOutputs(List.of(new OutputTarget.DockerArchive(dir.resolve("app.tar")))))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("docker exporter does not currently support exporting manifest lists");
        assertThat(dir.resolve("app.tar")).doesNotExist();
    }

    @Test
    void aPlatformWithoutAnEmulatorFailsBeforeTheBuildNamingTheFix() {
        assertThatThrownBy(() -> build("FROM %s/busybox:multi\nRUN true\n".formatted(host),
                r -> r.platform("linux/amd64,linux/s390x")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("RUN for platform linux/s390x cannot run on this linux/amd64 machine")
                .hasMessageContaining("stevedore setup binfmt --install linux/s390x");
        assertThat(events).noneMatch(e -> e instanceof BuildEvent.StepStarted);
    }

    @Test
    void aSinglePlatformBuildOfAnotherPlatformIsOneImageNotAnIndex() throws Exception {
        BuildResult result = build("FROM %s/busybox:multi\nRUN uname -m > /arch\n".formatted(host),
                r -> r.platform("linux/arm64"));
        Store store = Store.open(dir.resolve("store"));
        var manifest = OciJson.readImageManifest(store.blobs().read(result.manifestDigest()), "m").value();
        assertThat(OciJson.readConfig(store.blobs().read(manifest.config().digest())).value().architecture())
                .isEqualTo("arm64");
    }

    @Test
    void aBaseImageOfAnotherPlatformWarnsAsBuildKitsInvalidBaseImagePlatform() throws Exception {
        Store base = Store.open(dir.resolve("base"));
        try (RegistryClient client = new RegistryClient(RegistryOptions.defaults())) {
            // one platform's manifest alone, as a single-platform image
            var amd64 = OciJson.readIndex(base.blobs().read(base.tags().find("docker.io/library/busybox:multi")
                    .orElseThrow().descriptor().digest()), "i").value().manifests().getFirst();
            client.push(base, amd64, ImageReference.parse(host + "/amd64only:1"));
        }
        build("FROM %s/amd64only:1\nCOPY Dockerfile /\n".formatted(host), r -> r.platform("linux/arm64"));
        assertThat(events).filteredOn(e -> e instanceof BuildEvent.Warning).extracting(e -> ((BuildEvent.Warning) e)
                .diagnostic().format()).containsExactly("Dockerfile:1: InvalidBaseImagePlatform: Base image "
                        + host + "/amd64only:1 was pulled with platform \"linux/amd64\", expected \"linux/arm64\""
                        + " for current build");
    }

    /** How many steps of each instruction (the name without its [platform stage n/m] prefix) were of {@code kind}. */
    private Map<String, Integer> counts(Class<? extends BuildEvent> kind) {
        Map<Integer, String> names = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        synchronized (events) {
            for (BuildEvent e : events) {
                if (e instanceof BuildEvent.StepStarted s && s.position().isPresent()) {
                    names.put(s.step().number(), s.name().replaceFirst("^\\[[^]]*] ", ""));
                } else if (kind.isInstance(e) && e instanceof BuildEvent.StepDone d && names.containsKey(d.step().number())) {
                    counts.merge(names.get(d.step().number()), 1, Integer::sum);
                } else if (kind.isInstance(e) && e instanceof BuildEvent.StepCached c
                        && names.containsKey(c.step().number())) {
                    counts.merge(names.get(c.step().number()), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    private BuildResult build(String dockerfile, UnaryOperator<BuildRequest.Builder> change) throws Exception {
        Path context = Files.createDirectories(dir.resolve("ctx-" + UUID.randomUUID()));
        Files.writeString(context.resolve("Dockerfile"), dockerfile, StandardCharsets.UTF_8);
        events.clear();
        return new ImageBuilder().build(change.apply(BuildRequest.builder(context).storeRoot(dir.resolve("store")))
                .build(), events::add);
    }
}
