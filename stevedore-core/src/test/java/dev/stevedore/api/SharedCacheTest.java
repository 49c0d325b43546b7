package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.cache.CacheExchange;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.event.BuildEvent;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.testing.FaultProxy;
import dev.stevedore.testing.TestRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build cache shared between two machines (two stores) through a real registry
 * (Debian's docker-registry) and through a directory: machine A builds with {@code --cache-to},
 * machine B, with only the base image, builds with {@code --cache-from}. Root and runc needed.
 */
class SharedCacheTest {

    static final String DOCKERFILE = """
            FROM busybox AS builder
            COPY src/ /src/
            RUN cat /src/a.txt > /out-a && echo built >> /out-a
            COPY other.txt /other.txt
            RUN cat /other.txt > /out-b
            FROM busybox
            COPY --from=builder /out-a /app/a
            RUN echo final > /final
            """;
    static final Map<String, String> EPOCH = Map.of("SOURCE_DATE_EPOCH", "1700000000");

    @TempDir
    Path dir;

    TestRegistry registry;
    FaultProxy proxy;
    BuildHarness a;
    BuildHarness b;

    @BeforeEach
    void setUp() throws Exception {
        a = machine("a");
        b = machine("b");
        registry = TestRegistry.start();
        proxy = FaultProxy.start(registry);
    }

    @AfterEach
    void tearDown() {
        if (proxy != null) {
            proxy.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aFreshStoreBuildsFromARegistryCacheFetchingOnlyTheLayersTheResultNeeds() throws Exception {
        String ref = registry.host() + "/cache:main";
        BuildResult first = build(a, "type=registry,ref=" + ref + ",mode=max", null);
        assertThat(a.steps(BuildEvent.StepCached.class)).isEmpty();

        BuildResult second = build(b, null, proxy.host() + "/cache:main");
        assertThat(b.steps(BuildEvent.StepDone.class)).as("nothing ran").noneMatch(SharedCacheTest::layerStep);
        assertThat(b.steps(BuildEvent.StepCached.class)).filteredOn(SharedCacheTest::layerStep).hasSize(6);
        assertThat(second.imageId()).isEqualTo(first.imageId());
        // A keeps its layers uncompressed, B has the cache's gzip ones: the same manifest once it leaves either store
        assertThat(exported(b, second)).isEqualTo(exported(a, first));

        // the cache's manifest and config, and the two layers of the result above its base: not the builder's
        ImageManifest result = OciJson.readImageManifest(b.store.blobs().read(second.manifestDigest()), "result").value();
        Set<String> needed = result.layers().stream().skip(result.layers().size() - 2)
                .map(l -> "GET /v2/cache/blobs/" + l.digest()).collect(Collectors.toSet());
        List<String> blobGets = proxy.seen().stream().filter(s -> s.startsWith("GET /v2/cache/blobs/")).toList();
        assertThat(blobGets).hasSize(3).containsAll(needed);
        assertThat(proxy.seen()).filteredOn(s -> s.startsWith("GET /v2/cache/manifests/")).hasSize(1);

        // one source file changes on B: exactly the steps that read it, and the steps after them in its stage, run again
        Files.writeString(b.context.resolve("other.txt"), "changed");
        build(b, null, proxy.host() + "/cache:main");
        assertThat(b.steps(BuildEvent.StepDone.class)).filteredOn(SharedCacheTest::layerStep)
                .containsExactly("[builder 4/5] COPY other.txt /other.txt", "[builder 5/5] RUN cat /other.txt > /out-b");
        assertThat(b.steps(BuildEvent.StepCached.class)).filteredOn(SharedCacheTest::layerStep)
                .containsExactlyInAnyOrder("[builder 2/5] COPY src/ /src/",
                        "[builder 3/5] RUN cat /src/a.txt > /out-a && echo built >> /out-a",
                        "[stage-1 2/3] COPY --from=builder /out-a /app/a", "[stage-1 3/3] RUN echo final > /final");
    }

    @Test
    void withTokenAuthACacheReexportedElsewhereMountsTheLayersItNeverFetched() throws Exception {
        try (TestRegistry secured = TestRegistry.startToken("ci", "s3cret")) {
            Path docker = Files.createDirectories(dir.resolve("docker"));
            Files.writeString(docker.resolve("config.json"), "{\"auths\": {\"" + secured.host() + "\": {\"auth\": \""
                    + java.util.Base64.getEncoder().encodeToString("ci:s3cret".getBytes()) + "\"}}}");
            UnaryOperator<BuildRequest.Builder> creds = r -> r.distribution(Distribution.defaults()
                    .withInsecureRegistries(List.of(secured.host())).withDockerConfig(docker));
            BuildResult first = build(a, "type=registry,ref=" + secured.host() + "/team/cache:1,mode=max", null, creds);
            // B reads it and writes it on to another repository: the builder's layers, never fetched, are mounted
            BuildResult second = build(b, "type=registry,ref=" + secured.host() + "/other/cache:1,mode=max",
                    secured.host() + "/team/cache:1", creds);
            assertThat(b.steps(BuildEvent.StepCached.class)).filteredOn(SharedCacheTest::layerStep).hasSize(6);
            assertThat(second.imageId()).isEqualTo(first.imageId());
            ImageManifest builderless = OciJson.readImageManifest(b.store.blobs().read(second.manifestDigest()), "r").value();
            long fetched = a.store.blobs().list().stream().filter(d -> b.store.blobs().exists(d)).count();
            assertThat(fetched).as("B holds fewer of A's blobs than A made").isLessThan(a.store.blobs().list().size());
            assertThat(builderless.layers()).allMatch(l -> b.store.blobs().exists(l.digest()));
            BuildHarness c = machine("c");
            BuildResult third = build(c, null, secured.host() + "/other/cache:1", creds);
            assertThat(c.steps(BuildEvent.StepCached.class)).filteredOn(SharedCacheTest::layerStep).hasSize(6);
            assertThat(third.imageId()).isEqualTo(first.imageId());
            // and C ran the builder's steps from layers it fetched from the re-exported cache: change a file
            Files.writeString(c.context.resolve("other.txt"), "changed");
            build(c, null, secured.host() + "/other/cache:1", creds);
            assertThat(c.steps(BuildEvent.StepDone.class)).filteredOn(SharedCacheTest::layerStep).hasSize(2);
        }
    }

    @Test
    void anImagePushedWithAnInlineCacheIsItselfACacheSource() throws Exception {
        String image = registry.host() + "/app:1";
        BuildResult first = build(a, "type=inline", null, r -> r.tags(List.of(image)).distribution(Distribution.defaults()
                .withInsecureRegistries(List.of(registry.host())).withPush(true)));
        BuildResult second = build(b, null, image);
        assertThat(b.steps(BuildEvent.StepDone.class)).filteredOn(SharedCacheTest::layerStep)
                .allMatch(s -> s.startsWith("[builder ")).hasSize(4);
        assertThat(b.steps(BuildEvent.StepCached.class)).filteredOn(SharedCacheTest::layerStep)
                .containsExactly("[stage-1 2/3] COPY --from=builder /out-a /app/a", "[stage-1 3/3] RUN echo final > /final");
        assertThat(second.imageId()).as("the records ride in the manifest, not the config").isEqualTo(first.imageId());
        assertThatThrownBy(() -> CacheExchange.parse(List.of(), List.of("type=inline,mode=max")))
                .hasMessageContaining("for mode=max use type=registry");
    }

    @Test
    void modeMinLeavesTheBuilderStageOut() throws Exception {
        String ref = registry.host() + "/cache:min";
        BuildResult first = build(a, "type=registry,ref=" + ref, null);
        BuildResult second = build(b, null, "type=registry,ref=" + ref);
        assertThat(b.steps(BuildEvent.StepDone.class)).filteredOn(SharedCacheTest::layerStep)
                .allMatch(s -> s.startsWith("[builder ")).hasSize(4);
        assertThat(b.steps(BuildEvent.StepCached.class)).filteredOn(SharedCacheTest::layerStep)
                .containsExactly("[stage-1 2/3] COPY --from=builder /out-a /app/a", "[stage-1 3/3] RUN echo final > /final");
        assertThat(second.imageId()).isEqualTo(first.imageId());
    }

    @Test
    void aDirectoryCacheServesTheSameAndAnotherPlatformNeverHits() throws Exception {
        Path cache = dir.resolve("cache-dir");
        BuildResult first = build(a, "type=local,dest=" + cache + ",mode=max", null);
        assertThat(cache.resolve("index.json")).exists();
        BuildResult second = build(b, null, "type=local,src=" + cache);
        assertThat(b.steps(BuildEvent.StepCached.class)).filteredOn(SharedCacheTest::layerStep).hasSize(6);
        assertThat(second.imageId()).isEqualTo(first.imageId());
        // one source file changes on B: exactly the steps that read it, and those after them in its stage, run again
        Files.writeString(b.context.resolve("other.txt"), "changed");
        build(b, null, "type=local,src=" + cache);
        assertThat(b.steps(BuildEvent.StepDone.class)).filteredOn(SharedCacheTest::layerStep)
                .containsExactly("[builder 4/5] COPY other.txt /other.txt", "[builder 5/5] RUN cat /other.txt > /out-b");

        // another platform whose base this store has (an amd64 image serves amd64/v2): only the key differs
        BuildHarness c = machine("c");
        build(c, null, "type=local,src=" + cache, r -> r.platform("linux/amd64/v2"));
        assertThat(c.steps(BuildEvent.StepCached.class)).isEmpty();
    }

    @Test
    void aCacheWrittenWithZstdCarriesItsBuiltLayersSoAndServesAnotherStore() throws Exception {
        Path cache = dir.resolve("cache-zstd");
        BuildResult first = build(a, "type=local,dest=" + cache + ",mode=max,compression=zstd", null);
        List<String> types = localManifest(cache).layers().stream().map(d -> d.mediaType()).distinct().toList();
        assertThat(types).as("the built layers zstd, the pulled base's as it came")
                .contains(dev.stevedore.oci.MediaType.OCI_LAYER_ZSTD)
                .doesNotContain(dev.stevedore.oci.MediaType.OCI_LAYER);
        BuildResult second = build(b, null, "type=local,src=" + cache);
        assertThat(b.steps(BuildEvent.StepCached.class)).filteredOn(SharedCacheTest::layerStep).hasSize(6);
        assertThat(second.imageId()).isEqualTo(first.imageId());
    }

    @Test
    void theMetadataFileNamesTheCacheManifestAsBuildxWritesIt() throws Exception {
        Path cache = dir.resolve("cache-dir");
        Path metadata = dir.resolve("metadata.json");
        build(a, "type=local,dest=" + cache, null, r -> r.metadataFile(metadata));
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(metadata.toFile());
        // BuildKit's exporter answers the descriptor as JSON text; buildx writes that text as a string
        assertThat(json.get("cache.manifest").isTextual()).isTrue();
        var descriptor = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.get("cache.manifest").asText());
        var index = OciJson.readIndex(Files.readAllBytes(cache.resolve("index.json")), "index").value();
        assertThat(descriptor.get("digest").asText()).isEqualTo(index.manifests().getFirst().digest().toString());
        assertThat(descriptor.get("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(descriptor.get("artifactType").asText()).isEqualTo("application/vnd.stevedore.cache.v1");
        // no cache written, no entry
        build(a, null, "type=local,src=" + cache, r -> r.metadataFile(metadata));
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(metadata.toFile()).has("cache.manifest"))
                .isFalse();
    }

    @Test
    void anUnusableCacheIsOneWarningAndTheBuildGoesOnCold() throws Exception {
        Path cache = dir.resolve("cache-dir");
        build(a, "type=local,dest=" + cache + ",mode=max", null);
        // truncated config: the blob no longer matches its digest
        ImageManifest m = localManifest(cache);
        Path config = cache.resolve("blobs/sha256/" + m.config().digest().hex());
        Files.write(config, java.util.Arrays.copyOf(Files.readAllBytes(config), 10));
        assertColdWithOneWarning("type=local,src=" + cache, "corrupt or truncated");
        // garbage for an index
        Files.writeString(cache.resolve("index.json"), "{not json");
        assertColdWithOneWarning("type=local,src=" + cache, "cache " + cache + " cannot be used");
        // no cache there at all
        assertColdWithOneWarning("type=local,src=" + dir.resolve("nothing"), "has no index.json");
        // foreign: an image, not a cache
        try (var client = new dev.stevedore.registry.RegistryClient(dev.stevedore.registry.RegistryOptions.defaults())) {
            client.push(a.store, BusyboxImage(), dev.stevedore.oci.ImageReference.parse(registry.host() + "/img:1"));
        }
        assertColdWithOneWarning(registry.host() + "/img:1", "is not a Stevedore cache");
        // a registry that is not there
        assertColdWithOneWarning("127.0.0.1:1/cache:x", "cache 127.0.0.1:1/cache:x cannot be used");
    }

    @Test
    void aFailedExportFailsTheBuildUnlessIgnoreErrorSaysOtherwise() throws Exception {
        assertThatThrownBy(() -> build(a, "type=registry,ref=127.0.0.1:1/cache:x", null))
                .isInstanceOf(StevedoreException.class).hasMessageContaining("127.0.0.1:1");
        build(a, "type=registry,ref=127.0.0.1:1/cache:x,ignore-error=true", null);
        assertThat(warnings(a)).singleElement().asString().contains("was not written (ignore-error=true)");
    }

    private void assertColdWithOneWarning(String from, String warning) throws IOException {
        BuildHarness fresh = machine("cold-" + Math.abs(from.hashCode()) + "-" + System.nanoTime());
        build(fresh, null, from);
        assertThat(fresh.steps(BuildEvent.StepCached.class)).isEmpty();
        assertThat(warnings(fresh)).as(from).singleElement().asString().contains(warning);
    }

    private static List<String> warnings(BuildHarness h) {
        synchronized (h.events) {
            return h.events.stream().filter(e -> e instanceof BuildEvent.Warning)
                    .map(e -> ((BuildEvent.Warning) e).diagnostic().format()).toList();
        }
    }

    private static String BusyboxImage() {
        return dev.stevedore.testing.BusyboxImage.NAME;
    }

    private static ImageManifest localManifest(Path cache) throws IOException {
        var index = OciJson.readIndex(Files.readAllBytes(cache.resolve("index.json")), "index").value();
        Descriptor d = index.manifests().getFirst();
        return OciJson.readImageManifest(Files.readAllBytes(cache.resolve("blobs/sha256/" + d.digest().hex())), "m").value();
    }

    /** A step that makes a layer (COPY, RUN): FROM is resolved, never cached. */
    private static boolean layerStep(String name) {
        return name.contains("] COPY ") || name.contains("] RUN ");
    }

    /** A machine with the context and the base image (machine A's: the test image's layer has the time it was made). */
    private BuildHarness machine(String name) throws IOException {
        BuildHarness h = new BuildHarness(dir.resolve(name));
        h.file("src/a.txt", "source a\n");
        h.file("other.txt", "other\n");
        if (a != null) {
            dev.stevedore.testing.BusyboxImage.copy(a.store, h.store);
        }
        return h;
    }

    private BuildResult build(BuildHarness h, String to, String from) throws IOException {
        return build(h, to, from, r -> r);
    }

    private BuildResult build(BuildHarness h, String to, String from, UnaryOperator<BuildRequest.Builder> change)
            throws IOException {
        return h.build(DOCKERFILE, r -> change.apply(r.buildArgs(EPOCH).distribution(Distribution.defaults()
                        .withInsecureRegistries(List.of(registry.host(), proxy.host()))))
                .sharedCache(SharedCache.of(from == null ? List.of() : List.of(from),
                        to == null ? List.of() : List.of(to))));
    }

    /** The manifest of {@code result} as a push sends it (layers gzip). */
    private static dev.stevedore.oci.Digest exported(BuildHarness h, BuildResult result) {
        try (var lease = h.store.lease()) {
            var stored = new dev.stevedore.oci.Descriptor(dev.stevedore.oci.MediaType.OCI_MANIFEST,
                    result.manifestDigest(), h.store.blobs().size(result.manifestDigest()));
            return dev.stevedore.output.ExportedForm.of(h.store, lease, stored, dev.stevedore.oci.LayerCompression.GZIP)
                    .digest();
        }
    }
}
