package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.api.images.ImageAttestation;
import dev.stevedore.api.images.Images;
import dev.stevedore.api.images.SaveFormat;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.MediaType;
import dev.stevedore.oci.Platform;
import dev.stevedore.registry.PullResult;
import dev.stevedore.registry.RegistryOptions;
import dev.stevedore.store.Store;
import dev.stevedore.testing.MultiPlatformBusybox;
import dev.stevedore.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-platform image with SBOM and provenance attestations, built and pushed from one store
 * (root, real runc, a real registry), then pulled into another: the pull keeps the registry's
 * index (tagged, its digest the pushed one) with the platform pulled and the attestation
 * manifests about it; a pull of the other platform completes it.
 */
class PulledIndexTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOCKERFILE = "FROM %s/busybox:multi\nARG TARGETARCH\nCOPY Dockerfile /\n";

    @TempDir
    Path dir;

    TestRegistry registry;
    String host;
    String app;

    @BeforeEach
    void setUp() throws Exception {
        MultiPlatformBusybox.assumeEmulation();
        registry = TestRegistry.start();
        host = registry.host();
        app = host + "/app:att";
        MultiPlatformBusybox.pushTo(dir, host);
        build(DOCKERFILE.formatted(host), r -> r.platform("linux/amd64,linux/arm64").tags(List.of(app))
                .attestations(AttestationRequest.parse(Optional.of("true"), Optional.of("max"), List.of()))
                .distribution(Distribution.defaults().withPush(true)));
    }

    @AfterEach
    void tearDown() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void thePushedIndexHasEveryPlatformAndAnAttestationManifestAboutEach() throws Exception {
        JsonNode index = JSON.readTree(BuildHarness.run("skopeo", "inspect", "--raw", "--tls-verify=false",
                "docker://" + app));
        assertThat(index.path("mediaType").asText()).isEqualTo(MediaType.OCI_INDEX);
        List<JsonNode> entries = new ArrayList<>();
        index.path("manifests").forEach(entries::add);
        assertThat(entries).extracting(e -> e.at("/platform/os").asText() + "/" + e.at("/platform/architecture").asText())
                .containsExactly("linux/amd64", "unknown/unknown", "linux/arm64", "unknown/unknown");
        Map<String, String> platformOf = new HashMap<>();
        entries.stream().filter(e -> e.at("/platform/os").asText().equals("linux"))
                .forEach(e -> platformOf.put(e.path("digest").asText(), e.at("/platform/architecture").asText()));
        List<String> attestedArchitectures = new ArrayList<>();
        for (JsonNode e : entries.stream().filter(e -> e.at("/platform/os").asText().equals("unknown")).toList()) {
            assertThat(e.at("/annotations/vnd.docker.reference.type").asText()).isEqualTo("attestation-manifest");
            String subject = e.at("/annotations/vnd.docker.reference.digest").asText();
            assertThat(platformOf).as("each attestation manifest refers to a platform's image").containsKey(subject);
            attestedArchitectures.add(platformOf.get(subject));
            JsonNode manifest = JSON.readTree(BuildHarness.run("skopeo", "inspect", "--raw", "--tls-verify=false",
                    "docker://" + host + "/app@" + e.path("digest").asText()));
            List<String> predicates = new ArrayList<>();
            manifest.path("layers").forEach(l -> predicates.add(l.at("/annotations/in-toto.io~1predicate-type").asText()));
            assertThat(predicates).containsExactly("https://spdx.dev/Document", "https://slsa.dev/provenance/v1");
        }
        assertThat(attestedArchitectures).containsExactly("amd64", "arm64");
    }

    @Test
    void aPullKeepsTheIndexWithThePlatformPulledAndItsAttestationsAndAnotherPullAddsTheOther() throws Exception {
        Digest pushed = Digest.parse("sha256:" + sha256(BuildHarness.run("skopeo", "inspect", "--raw",
                "--tls-verify=false", "docker://" + app)));
        Store other = Store.open(dir.resolve("other"));
        Images images = new Images(other, Clock.systemUTC());
        PullResult amd64 = images.pull(ImageReference.parse(app), MultiPlatformBusybox.AMD64, RegistryOptions.defaults());
        assertThat(amd64.digest()).isEqualTo(pushed);
        assertThat(other.tags().find(app)).get().satisfies(t -> {
            assertThat(t.descriptor().digest()).as("the tag names the index, as pushed").isEqualTo(pushed);
            assertThat(t.descriptor().mediaType()).isEqualTo(MediaType.OCI_INDEX);
        });
        assertThat(images.list()).filteredOn(row -> row.repository().equals(host + "/app")).singleElement()
                .satisfies(row -> assertThat(row.platforms()).extracting(Platform::toString)
                        .as("the platforms the store holds").containsExactly("linux/amd64"));
        assertThat(images.attestations(app)).extracting(ImageAttestation::image, ImageAttestation::predicateType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(amd64.manifest().digest(), "https://spdx.dev/Document"),
                        org.assertj.core.groups.Tuple.tuple(amd64.manifest().digest(), "https://slsa.dev/provenance/v1"));
        assertThat(images.resolve(app).image().config().value().architecture()).isEqualTo("amd64");
        assertThatThrownBy(() -> images.resolve(app, MultiPlatformBusybox.ARM64)).isInstanceOf(NotFoundException.class)
                .hasMessage("image " + app + " has an image for linux/arm64 in its registry, but this store pulled"
                        + " only linux/amd64: pull it with --platform linux/arm64");
        JsonNode inspect = JSON.readTree(images.inspect(List.of(app))).get(0);
        assertThat(inspect.path("Index").path("digest").asText()).isEqualTo(pushed.toString());
        images.prune(true);
        assertThat(images.fsck(false).storeProblems()).as("a platform not pulled is no problem").isEmpty();
        assertThat(images.attestations(app)).as("a prune keeps the attestations").hasSize(2);

        // an OCI archive keeps the index with what the store holds; skopeo reads the host's image from it
        Path oci = dir.resolve("pulled.oci.tar");
        images.save(List.of(app), SaveFormat.OCI, oci);
        JsonNode saved = JSON.readTree(BuildHarness.run("skopeo", "inspect", "--raw", "oci-archive:" + oci));
        assertThat(saved.path("manifests")).hasSize(4);
        assertThat(saved.toString()).contains("attestation-manifest");
        JsonNode config = JSON.readTree(BuildHarness.run("skopeo", "inspect", "--config", "oci-archive:" + oci));
        assertThat(config.path("architecture").asText()).isEqualTo("amd64");
        Images loaded = new Images(Store.open(dir.resolve("loaded")), Clock.systemUTC());
        try (var in = Files.newInputStream(oci)) {
            loaded.load(in, oci.toString());
        }
        assertThat(loaded.attestations(app)).as("load takes the partial index back").hasSize(2);
        assertThat(loaded.resolve(app).top().digest()).isEqualTo(pushed);

        // a partial index cannot be pushed whole: one sentence says what to pull
        assertThatThrownBy(() -> images.push(app, Optional.of(ImageReference.parse(host + "/copy:1")),
                RegistryOptions.defaults())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("the store holds only part of this multi-platform image")
                .hasMessageEndingWith("pull it whole first with pull --all-platforms (missing: linux/arm64)");

        PullResult arm64 = images.pull(ImageReference.parse(app), MultiPlatformBusybox.ARM64, RegistryOptions.defaults());
        assertThat(other.tags().find(app).orElseThrow().descriptor().digest()).isEqualTo(pushed);
        assertThat(images.resolve(app, MultiPlatformBusybox.ARM64).manifestDescriptor().digest())
                .isEqualTo(arm64.manifest().digest());
        assertThat(images.resolve(app, MultiPlatformBusybox.AMD64).manifestDescriptor().digest())
                .as("the first pull's platform stays").isEqualTo(amd64.manifest().digest());
        assertThat(images.attestations(app)).extracting(ImageAttestation::image).containsExactly(
                amd64.manifest().digest(), amd64.manifest().digest(), arm64.manifest().digest(), arm64.manifest().digest());
        images.push(app, Optional.of(ImageReference.parse(host + "/copy:1")), RegistryOptions.defaults());
        assertThat(sha256(BuildHarness.run("skopeo", "inspect", "--raw", "--tls-verify=false",
                "docker://" + host + "/copy:1"))).as("whole again, it pushes as it was pulled").isEqualTo(pushed.hex());
    }

    @Test
    void pullAllPlatformsKeepsTheWholeIndexWithItsAttestationsAndPushesItAsItWasPulled() throws Exception {
        Digest pushed = Digest.parse("sha256:" + sha256(BuildHarness.run("skopeo", "inspect", "--raw",
                "--tls-verify=false", "docker://" + app)));
        Store other = Store.open(dir.resolve("all"));
        Images images = new Images(other, Clock.systemUTC());
        PullResult all = images.pullAllPlatforms(ImageReference.parse(app), RegistryOptions.defaults());
        assertThat(all.digest()).isEqualTo(pushed);
        assertThat(other.tags().find(app).orElseThrow().descriptor().digest()).isEqualTo(pushed);
        assertThat(images.list()).filteredOn(row -> row.repository().equals(host + "/app")).singleElement()
                .satisfies(row -> assertThat(row.platforms()).extracting(Platform::toString)
                        .containsExactly("linux/amd64", "linux/arm64"));
        assertThat(images.resolve(app, MultiPlatformBusybox.ARM64).config().value().architecture()).isEqualTo("arm64");
        assertThat(images.resolve(app).image().config().value().architecture()).as("the result is the host's")
                .isEqualTo("amd64");
        assertThat(all.manifest().digest()).isEqualTo(images.resolve(app, MultiPlatformBusybox.AMD64).manifestDescriptor().digest());
        assertThat(images.attestations(app)).as("the attestations of both platforms").hasSize(4);

        registry.stop(); // what the second registry gets comes from the store alone
        try (TestRegistry second = TestRegistry.start()) {
            String copy = second.host() + "/copy:all";
            images.push(app, Optional.of(ImageReference.parse(copy)), RegistryOptions.defaults());
            assertThat(sha256(BuildHarness.run("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + copy)))
                    .as("the whole index, as it was pulled").isEqualTo(pushed.hex());
            BuildHarness.run("skopeo", "copy", "--all", "--src-tls-verify=false", "docker://" + copy,
                    "oci:" + dir.resolve("copied") + ":all");
        }
    }

    @Test
    void pullAllPlatformsOfTheTwoPlatformBaseAndPushOfIt() throws Exception {
        Images images = new Images(Store.open(dir.resolve("base")), Clock.systemUTC());
        String base = host + "/busybox:multi";
        images.pullAllPlatforms(ImageReference.parse(base), RegistryOptions.defaults());
        images.push(base, Optional.of(ImageReference.parse(host + "/busybox:again")), RegistryOptions.defaults());
        JsonNode index = JSON.readTree(BuildHarness.run("skopeo", "inspect", "--raw", "--tls-verify=false",
                "docker://" + host + "/busybox:again"));
        List<String> platforms = new ArrayList<>();
        index.path("manifests").forEach(m -> platforms.add(m.at("/platform/architecture").asText()));
        assertThat(platforms).containsExactly("amd64", "arm64");
        assertThat(sha256(BuildHarness.run("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + base)))
                .isEqualTo(sha256(BuildHarness.run("skopeo", "inspect", "--raw", "--tls-verify=false",
                        "docker://" + host + "/busybox:again")));
    }

    @Test
    void aBuildFromAPulledIndexFindsEachPulledPlatformInTheStore() throws Exception {
        Path otherRoot = dir.resolve("other");
        Images images = new Images(Store.open(otherRoot), Clock.systemUTC());
        for (Platform p : List.of(MultiPlatformBusybox.AMD64, MultiPlatformBusybox.ARM64)) {
            images.pull(ImageReference.parse(app), p, RegistryOptions.defaults());
        }
        registry.stop(); // both platforms must come from the store
        BuildResult result = build("FROM " + app + "\nCOPY Dockerfile /again\n", r -> r.storeRoot(otherRoot)
                .platform("linux/amd64,linux/arm64"));
        var index = dev.stevedore.oci.json.OciJson.readIndex(Store.open(otherRoot).blobs().read(result.manifestDigest()),
                "index").value();
        assertThat(index.images()).extracting(d -> d.platform().orElseThrow().toString())
                .containsExactly("linux/amd64", "linux/arm64");
        dev.stevedore.api.run.ImageRunner runner = dev.stevedore.api.run.ImageRunner.open(Optional.of(otherRoot.toString()));
        for (Platform p : List.of(MultiPlatformBusybox.AMD64, MultiPlatformBusybox.ARM64)) {
            List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
            assertThat(runner.run(dev.stevedore.api.run.RunRequest.of(app, "busybox", "uname", "-m"), Optional.of(p),
                    (stream, line) -> lines.add(line))).as("run --platform " + p + ": " + lines).isZero();
            assertThat(lines).containsExactly(p.equals(MultiPlatformBusybox.ARM64) ? "aarch64" : "x86_64");
        }
    }

    private static String sha256(String text) {
        return Digest.sha256(text.getBytes(StandardCharsets.UTF_8)).hex();
    }

    private BuildResult build(String dockerfile, UnaryOperator<BuildRequest.Builder> change) throws Exception {
        Path context = Files.createDirectories(dir.resolve("ctx-" + UUID.randomUUID()));
        Files.writeString(context.resolve("Dockerfile"), dockerfile, StandardCharsets.UTF_8);
        return new ImageBuilder().build(change.apply(BuildRequest.builder(context).storeRoot(dir.resolve("store")))
                .build(), e -> { });
    }
}
