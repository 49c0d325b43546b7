package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.api.images.Images;
import dev.stevedore.api.images.SaveFormat;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.MediaType;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.output.OutputTarget;
import dev.stevedore.registry.RegistryOptions;
import dev.stevedore.store.FsckProblem;
import dev.stevedore.testing.TestRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layers are kept uncompressed in the store (their digest is their diffID) and compressed once,
 * when an image leaves the machine: a push, an OCI archive, {@code save}. The image id (the
 * config's digest) does not depend on it; the compressed blob is recorded per layer and
 * compression, kept by prune while its layer is, and checked by fsck.
 */
class LayerCompressionTest {

    private static final String DOCKERFILE = """
            FROM busybox
            COPY f /f
            RUN echo made > /made
            """;
    private static final Map<String, String> EPOCH = Map.of("SOURCE_DATE_EPOCH", "1700000000");

    @TempDir
    Path dir;

    private BuildHarness h;
    private Images images;

    @BeforeEach
    void setUp() throws IOException {
        h = new BuildHarness(dir);
        h.file("f", "from the context\n");
        images = new Images(h.store, Clock.systemUTC());
    }

    @Test
    void aBuildStoresItsLayersUncompressedNamedByTheirDiffIds() throws Exception {
        BuildResult result = h.build(DOCKERFILE, r -> r.buildArgs(EPOCH));

        ImageManifest manifest = manifest(result.manifestDigest());
        ImageConfig config = h.config(result);
        assertThat(manifest.layers()).hasSize(3);
        assertThat(manifest.layers().getFirst().mediaType()).as("the base's layer stays as it came")
                .isEqualTo(MediaType.OCI_LAYER_GZIP);
        for (int i = 1; i < 3; i++) {
            assertThat(manifest.layers().get(i).mediaType()).isEqualTo(MediaType.OCI_LAYER);
            assertThat(manifest.layers().get(i).digest()).isEqualTo(config.rootfs().diffIds().get(i));
        }
        assertThat(formFiles()).as("nothing is compressed for the store").isEmpty();
    }

    @Test
    void anImageExportedAsAnOciArchiveHasGzipLayersAndTheSameId() throws Exception {
        BuildResult local = h.build(DOCKERFILE, r -> r.buildArgs(EPOCH));
        Path oci = dir.resolve("app.tar");
        BuildResult exported = h.build(DOCKERFILE, r -> r.buildArgs(EPOCH).distribution(Distribution.defaults()
                .withOutputs(List.of(new OutputTarget.OciArchive(oci)))));

        assertThat(exported.imageId()).isEqualTo(local.imageId());
        assertThat(exported.manifestDigest()).isNotEqualTo(local.manifestDigest());
        assertThat(manifest(exported.manifestDigest()).layers()).extracting(Descriptor::mediaType)
                .containsOnly(MediaType.OCI_LAYER_GZIP);
        JsonNode raw = new ObjectMapper().readTree(BuildHarness.run("skopeo", "inspect", "--raw", "oci-archive:" + oci));
        assertThat(raw.path("layers")).hasSize(3).allSatisfy(l ->
                assertThat(l.path("mediaType").asText()).isEqualTo(MediaType.OCI_LAYER_GZIP));
        assertThat(raw.path("config").path("digest").asText()).isEqualTo(local.imageId().toString());

        // an image whose layers are compressed already (this one; any of a store written before) goes as it is
        Descriptor stored = h.store.tags().resolve("docker.io/test/app:latest");
        try (var lease = h.store.lease()) {
            assertThat(dev.stevedore.output.ExportedForm.of(h.store, lease, stored, dev.stevedore.oci.LayerCompression.GZIP))
                    .isEqualTo(stored);
        }
    }

    @Test
    void theCompressedSizeIsNotKnownUntilAnExportCompressedTheBuiltLayers() throws Exception {
        BuildResult result = h.build(DOCKERFILE, r -> r.buildArgs(EPOCH));
        List<Descriptor> layers = manifest(result.manifestDigest()).layers();
        assertThat(h.store.compressedForms().compressedSize(layers.getFirst()))
                .as("a pulled layer is compressed already").hasValue(layers.getFirst().size());
        assertThat(h.store.compressedForms().compressedSize(layers.getLast()))
                .as("a built layer is stored uncompressed: its own size is no compressed size").isEmpty();
        assertThat(row().compressed()).isEmpty();

        images.save(List.of("test/app:latest"), SaveFormat.OCI, dir.resolve("app.tar"));
        long expected = layers.getFirst().size();
        for (Descriptor built : layers.subList(1, layers.size())) {
            Digest gzip = h.store.compressedForms().find(built.digest(), "gzip").orElseThrow();
            assertThat(h.store.blobs().size(gzip)).isNotEqualTo(built.size());
            expected += h.store.blobs().size(gzip);
        }
        assertThat(row().compressed()).as("the gzip forms a push sends").hasValue(expected);
    }

    private dev.stevedore.api.images.ImageSummary row() {
        return images.list().stream().filter(r -> r.repository().equals("test/app")).findFirst().orElseThrow();
    }

    @Test
    void saveCompressesEachLayerOnceAndPruneKeepsTheFormWithItsLayer() throws Exception {
        BuildResult result = h.build(DOCKERFILE, r -> r.buildArgs(EPOCH));
        Descriptor layer = manifest(result.manifestDigest()).layers().getLast();

        images.save(List.of("test/app:latest"), SaveFormat.OCI, dir.resolve("one.tar"));
        Optional<Digest> gzip = h.store.compressedForms().find(layer.digest(), "gzip");
        assertThat(gzip).isPresent();
        long blobs = h.store.blobs().list().size();
        images.save(List.of("test/app:latest"), SaveFormat.OCI, dir.resolve("two.tar"));
        assertThat(h.store.blobs().list()).as("the second save compresses nothing").hasSize((int) blobs);
        assertThat(h.store.compressedForms().find(layer.digest(), "gzip")).isEqualTo(gzip);

        images.prune(true);
        assertThat(h.store.blobs().exists(gzip.get())).as("kept while its layer is").isTrue();
        assertThat(images.fsck(false).isClean()).isTrue();

        images.remove(List.of("test/app:latest"), true);
        h.store.cache().listRecords().forEach(h.store.cache()::removeRecord);
        images.prune(true);
        assertThat(h.store.blobs().exists(layer.digest())).isFalse();
        assertThat(h.store.blobs().exists(gzip.get())).isFalse();
        assertThat(formFiles()).as("the record goes with the blob").isEmpty();
        assertThat(images.fsck(false).isClean()).isTrue();
    }

    @Test
    void fsckReportsAFormWhoseBlobIsGoneAndRepairForgetsIt() throws Exception {
        BuildResult result = h.build(DOCKERFILE, r -> r.buildArgs(EPOCH));
        Descriptor layer = manifest(result.manifestDigest()).layers().getLast();
        images.save(List.of("test/app:latest"), SaveFormat.OCI, dir.resolve("one.tar"));
        Digest gzip = h.store.compressedForms().find(layer.digest(), "gzip").orElseThrow();
        Files.delete(h.store.ociLayout().resolve("blobs/sha256/" + gzip.hex()));

        assertThat(images.fsck(false).problems()).contains(new FsckProblem.StaleCompressedForm(layer.digest(), "gzip"));
        images.fsck(true);
        assertThat(images.fsck(false).isClean()).isTrue();
        images.save(List.of("test/app:latest"), SaveFormat.OCI, dir.resolve("two.tar"));
        assertThat(h.store.compressedForms().find(layer.digest(), "gzip")).as("made again, the same bytes")
                .contains(gzip);
    }

    @Test
    void pushSendsGzipLayersUnderTheSameConfig() throws Exception {
        BuildResult result = h.build(DOCKERFILE, r -> r.buildArgs(EPOCH));
        try (TestRegistry registry = TestRegistry.start()) {
            String dest = registry.host() + "/app:1";
            images.push("test/app:latest", Optional.of(ImageReference.parse(dest)), RegistryOptions.defaults());

            JsonNode raw = new ObjectMapper().readTree(BuildHarness.run("skopeo", "inspect", "--raw",
                    "--tls-verify=false", "docker://" + dest));
            assertThat(raw.path("layers")).hasSize(3).allSatisfy(l ->
                    assertThat(l.path("mediaType").asText()).isEqualTo(MediaType.OCI_LAYER_GZIP));
            assertThat(raw.path("config").path("digest").asText()).isEqualTo(result.imageId().toString());
            // every client can read it: skopeo copies it whole, verifying each layer against its digest
            BuildHarness.run("skopeo", "copy", "--src-tls-verify=false", "docker://" + dest,
                    "oci:" + dir.resolve("copy") + ":app");
        }
    }

    @Test
    void pushOfAnAttestedImageBuiltLocallyPointsItsAttestationsAtThePushedManifest() throws Exception {
        BuildResult result = h.build(DOCKERFILE, r -> r.buildArgs(EPOCH)
                .attestations(AttestationRequest.parse(Optional.of("true"), Optional.of("min"), List.of())));
        try (TestRegistry registry = TestRegistry.start()) {
            String dest = registry.host() + "/app:1";
            images.push("test/app:latest", Optional.of(ImageReference.parse(dest)), RegistryOptions.defaults());

            JsonNode index = new ObjectMapper().readTree(BuildHarness.run("skopeo", "inspect", "--raw",
                    "--tls-verify=false", "docker://" + dest));
            JsonNode image = null;
            JsonNode attestation = null;
            for (JsonNode entry : index.path("manifests")) {
                if (entry.path("annotations").has(Descriptor.DOCKER_REFERENCE_DIGEST)) {
                    attestation = entry;
                } else {
                    image = entry;
                }
            }
            assertThat(image).isNotNull();
            assertThat(attestation).isNotNull();
            String pushed = image.path("digest").asText();
            assertThat(pushed).isNotEqualTo(result.manifestDigest().toString());
            assertThat(attestation.path("annotations").path(Descriptor.DOCKER_REFERENCE_DIGEST).asText()).isEqualTo(pushed);
            JsonNode pushedImage = new ObjectMapper().readTree(BuildHarness.run("skopeo", "inspect", "--raw",
                    "--tls-verify=false", "docker://" + registry.host() + "/app@" + pushed));
            assertThat(pushedImage.path("layers")).allSatisfy(l ->
                    assertThat(l.path("mediaType").asText()).isEqualTo(MediaType.OCI_LAYER_GZIP));
            JsonNode statements = new ObjectMapper().readTree(BuildHarness.run("skopeo", "inspect", "--raw",
                    "--tls-verify=false", "docker://" + registry.host() + "/app@" + attestation.path("digest").asText()));
            for (JsonNode layer : statements.path("layers")) {
                // the registry's manifest names these statement blobs; their bytes are the store's (digest-checked)
                JsonNode statement = new ObjectMapper().readTree(
                        h.store.blobs().read(Digest.parse(layer.path("digest").asText())));
                assertThat(statement.path("subject").get(0).path("digest").path("sha256").asText())
                        .isEqualTo(Digest.parse(pushed).hex());
            }
        }
    }

    @Test
    void pushWithCompressionZstdSendsZstdLayersInAnOciManifestAndThePulledBaseAsItCame() throws Exception {
        BuildResult local = h.build(DOCKERFILE, r -> r.buildArgs(EPOCH));
        try (TestRegistry registry = TestRegistry.start()) {
            String dest = registry.host() + "/app:zstd";
            BuildResult pushed = h.build(DOCKERFILE, r -> r.buildArgs(EPOCH).tags(List.of(dest))
                    .attestations(AttestationRequest.parse(Optional.empty(), Optional.of("false"), List.of()))
                    .distribution(Distribution.defaults().withOutputs(List.of(
                            OutputSpec.parse("type=registry,compression=zstd")))));

            JsonNode raw = inspectRaw(dest);
            assertThat(raw.path("mediaType").asText()).isEqualTo(MediaType.OCI_MANIFEST);
            assertThat(raw.path("layers")).extracting(l -> l.path("mediaType").asText()).as(
                    "the base's gzip layer goes as it came (no force-compression); the built ones zstd")
                    .containsExactly(MediaType.OCI_LAYER_GZIP, MediaType.OCI_LAYER_ZSTD, MediaType.OCI_LAYER_ZSTD);
            assertThat(raw.path("config").path("digest").asText()).as("the diffIDs, so the id, are the same")
                    .isEqualTo(local.imageId().toString());
            assertThat(pushed.imageId()).isEqualTo(local.imageId());
            assertReadableBySkopeoAndUmoci(dest);
        }
    }

    @Test
    void forceCompressionRecompressesThePulledBaseAndALevelMakesAFormOfItsOwn() throws Exception {
        BuildResult local = h.build(DOCKERFILE, r -> r.buildArgs(EPOCH));
        Descriptor base = manifest(local.manifestDigest()).layers().getFirst();
        try (TestRegistry registry = TestRegistry.start()) {
            String dest = registry.host() + "/app:forced";
            h.build(DOCKERFILE, r -> r.buildArgs(EPOCH).tags(List.of(dest))
                    .attestations(AttestationRequest.parse(Optional.empty(), Optional.of("false"), List.of()))
                    .distribution(Distribution.defaults().withOutputs(List.of(OutputSpec.parse(
                            "type=image,push=true,compression=zstd,compression-level=19,force-compression=true")))));

            JsonNode raw = inspectRaw(dest);
            assertThat(raw.path("layers")).hasSize(3).allSatisfy(l ->
                    assertThat(l.path("mediaType").asText()).isEqualTo(MediaType.OCI_LAYER_ZSTD));
            assertThat(raw.path("layers").get(0).path("digest").asText()).isNotEqualTo(base.digest().toString());
            assertThat(h.store.compressedForms().find(base.digest(), "zstd19")).as("the base's zstd form, recorded")
                    .contains(Digest.parse(raw.path("layers").get(0).path("digest").asText()));
            assertThat(raw.path("config").path("digest").asText()).isEqualTo(local.imageId().toString());
            assertReadableBySkopeoAndUmoci(dest);
        }
    }

    @Test
    void anOciArchiveTakesZstdAndADockerArchiveGzipOnRequest() throws Exception {
        BuildResult local = h.build(DOCKERFILE, r -> r.buildArgs(EPOCH));
        Path oci = dir.resolve("zstd.tar");
        h.build(DOCKERFILE, r -> r.buildArgs(EPOCH).distribution(Distribution.defaults()
                .withOutputs(List.of(OutputSpec.parse("type=oci,dest=" + oci + ",compression=zstd")))));
        JsonNode raw = new ObjectMapper().readTree(BuildHarness.run("skopeo", "inspect", "--raw", "oci-archive:" + oci));
        assertThat(raw.path("layers")).extracting(l -> l.path("mediaType").asText())
                .containsExactly(MediaType.OCI_LAYER_GZIP, MediaType.OCI_LAYER_ZSTD, MediaType.OCI_LAYER_ZSTD);
        assertThat(raw.path("config").path("digest").asText()).isEqualTo(local.imageId().toString());

        Path docker = dir.resolve("gzip.tar");
        h.build(DOCKERFILE, r -> r.buildArgs(EPOCH).distribution(Distribution.defaults()
                .withOutputs(List.of(OutputSpec.parse("type=docker,dest=" + docker + ",compression=gzip")))));
        JsonNode config = new ObjectMapper().readTree(BuildHarness.run("skopeo", "inspect", "--config",
                "docker-archive:" + docker));
        List<String> diffIds = new java.util.ArrayList<>();
        config.path("rootfs").path("diff_ids").forEach(n -> diffIds.add(n.asText()));
        assertThat(diffIds).isEqualTo(h.config(local).rootfs().diffIds().stream().map(Object::toString).toList());
        BuildHarness.run("skopeo", "copy", "docker-archive:" + docker, "oci:" + dir.resolve("from-docker") + ":app");
    }

    @Test
    void outputsAskingForDifferentCompressionsAreRefusedWithBothNamed() {
        assertThatThrownBy(() -> h.build(DOCKERFILE, r -> r.buildArgs(EPOCH).distribution(Distribution.defaults()
                .withOutputs(List.of(OutputSpec.parse("type=oci,dest=" + dir.resolve("a.tar") + ",compression=zstd"),
                        OutputSpec.parse("type=oci,dest=" + dir.resolve("b.tar")))))))
                .isInstanceOf(dev.stevedore.diag.InvalidInputException.class)
                .hasMessage("the outputs ask for different layer compressions (zstd, gzip): a build compresses its"
                        + " layers one way; give each --output the same compression=");
    }

    private static JsonNode inspectRaw(String ref) throws Exception {
        return new ObjectMapper().readTree(BuildHarness.run("skopeo", "inspect", "--raw", "--tls-verify=false",
                "docker://" + ref));
    }

    /**
     * skopeo copies it whole (checking every blob's digest); zstd's own command decompresses each
     * zstd layer into the tar its diffID names; and umoci (0.4.7 reads no zstd) unpacks it once
     * skopeo has decompressed it, the RUN's file there.
     */
    private void assertReadableBySkopeoAndUmoci(String ref) throws Exception {
        String name = ref.replaceAll("[^a-z0-9]", "_");
        Path layout = dir.resolve("copy-" + name);
        BuildHarness.run("skopeo", "copy", "--src-tls-verify=false", "docker://" + ref, "oci:" + layout + ":app");
        JsonNode raw = inspectRaw(ref);
        JsonNode config = new ObjectMapper().readTree(BuildHarness.run("skopeo", "inspect", "--config", "--raw",
                "--tls-verify=false", "docker://" + ref));
        for (int i = 0; i < raw.path("layers").size(); i++) {
            JsonNode layer = raw.path("layers").get(i);
            if (layer.path("mediaType").asText().equals(MediaType.OCI_LAYER_ZSTD)) {
                Path blob = layout.resolve("blobs/sha256/" + Digest.parse(layer.path("digest").asText()).hex());
                String sha = BuildHarness.run("sh", "-c", "zstd -dc '" + blob + "' | sha256sum").split(" ")[0];
                assertThat("sha256:" + sha).isEqualTo(config.path("rootfs").path("diff_ids").get(i).asText());
            }
        }
        Path plain = dir.resolve("plain-" + name);
        Path gzip = dir.resolve("gzip-" + name);
        BuildHarness.run("skopeo", "copy", "--dest-decompress", "oci:" + layout + ":app", "dir:" + plain);
        BuildHarness.run("skopeo", "copy", "dir:" + plain, "oci:" + gzip + ":app");
        Path bundle = dir.resolve("bundle-" + name);
        BuildHarness.run("umoci", "unpack", "--rootless", "--image", gzip + ":app", bundle.toString());
        assertThat(Files.readString(bundle.resolve("rootfs/made"))).isEqualTo("made\n");
        assertThat(Files.readString(bundle.resolve("rootfs/f"))).isEqualTo("from the context\n");
    }

    private ImageManifest manifest(Digest digest) {
        return OciJson.readImageManifest(h.store.blobs().read(digest), digest.toString()).value();
    }

    private List<Path> formFiles() throws IOException {
        Path forms = h.store.root().resolve("forms");
        if (!Files.exists(forms)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(forms)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
