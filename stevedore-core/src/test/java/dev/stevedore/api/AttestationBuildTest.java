package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.stevedore.api.edge.EngineValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.attest.AttestationIndex;
import dev.stevedore.attest.AttestationIndex.Attestation;
import dev.stevedore.attest.SpdxDocument;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.MediaType;
import dev.stevedore.report.PackageView;
import dev.stevedore.report.Reporter;
import dev.stevedore.sbom.SoftwarePackage;
import dev.stevedore.testing.TestRegistry;
import dev.stevedore.attest.StatementShapes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --sbom} and {@code --provenance} end to end: the image becomes an index holding it and an
 * attestation manifest, as BuildKit lays it out; the SBOMs find what each stage has; nothing
 * secret gets in. Root, runc, busybox, skopeo.
 */
class AttestationBuildTest {

    @TempDir
    Path dir;

    BuildHarness h;

    /** A builder stage with a compiler's packages; a final stage with one package of its own. */
    private static final String DOCKERFILE = """
            FROM busybox AS builder
            ARG PASSWORD
            RUN --mount=type=secret,id=token,required=false mkdir -p /var/lib/dpkg && printf \
                'Package: gcc-12\\nStatus: install ok installed\\nVersion: 12.2.0-14\\nArchitecture: amd64\\n\\nPackage: make\\nStatus: install ok installed\\nVersion: 4.3-4.1\\nArchitecture: amd64\\n' \
                > /var/lib/dpkg/status && echo built > /app
            FROM busybox
            COPY --from=builder /app /app
            RUN mkdir -p /var/lib/dpkg && printf 'Package: libc6\\nStatus: install ok installed\\nVersion: 2.36-9\\nArchitecture: amd64\\n' \
                > /var/lib/dpkg/status
            """;

    @BeforeEach
    void setUp() throws Exception {
        h = new BuildHarness(dir);
    }

    private BuildResult build(String sbom, String provenance, Map<String, String> args, List<Secret> secrets)
            throws Exception {
        return h.build(DOCKERFILE, r -> r.buildArgs(args).secrets(secrets)
                .attestations(AttestationRequest.parse(Optional.of(sbom), Optional.of(provenance), List.of())));
    }

    private List<Attestation> attestations() {
        return AttestationIndex.read(h.store, h.store.tags().resolve("docker.io/test/app:latest"));
    }

    @Test
    void theImageBecomesAnIndexWithAnAttestationManifest() throws Exception {
        BuildResult result = build("true", "max", Map.of("BUILDKIT_SBOM_SCAN_STAGE", "true"), List.of());
        Descriptor top = h.store.tags().resolve("docker.io/test/app:latest");
        assertThat(top.mediaType()).isEqualTo(MediaType.OCI_INDEX);
        // skopeo, an independent reader, sees BuildKit's layout
        JsonNode index = new ObjectMapper().readTree(BuildHarness.run("skopeo", "inspect", "--raw",
                "oci:" + h.root.resolve("oci") + ":docker.io/test/app:latest"));
        assertThat(index.path("manifests")).hasSize(2);
        JsonNode image = index.path("manifests").get(0);
        assertThat(image.path("digest").asText()).isEqualTo(result.manifestDigest().toString());
        assertThat(image.path("platform").path("os").asText()).isEqualTo("linux");
        JsonNode att = index.path("manifests").get(1);
        assertThat(att.path("platform").path("os").asText()).isEqualTo("unknown");
        assertThat(att.path("platform").path("architecture").asText()).isEqualTo("unknown");
        assertThat(att.path("annotations").path("vnd.docker.reference.type").asText()).isEqualTo("attestation-manifest");
        assertThat(att.path("annotations").path("vnd.docker.reference.digest").asText())
                .isEqualTo(result.manifestDigest().toString());
        JsonNode attManifest = new ObjectMapper().readTree(h.store.blobs().read(
                dev.stevedore.oci.Digest.parse(att.path("digest").asText())));
        assertThat(attManifest.path("layers")).allSatisfy(l -> {
            assertThat(l.path("mediaType").asText()).isEqualTo("application/vnd.in-toto+json");
            assertThat(l.path("annotations").path("in-toto.io/predicate-type").asText()).isNotEmpty();
        });

        List<Attestation> all = attestations();
        assertThat(all).extracting(Attestation::predicateType).containsExactly(
                "https://spdx.dev/Document", "https://spdx.dev/Document", "https://slsa.dev/provenance/v1");
        for (Attestation a : all) {
            JsonNode statement = new ObjectMapper().readTree(a.statement());
            StatementShapes.checkStatement(statement, result.manifestDigest());
            if (a.predicateType().equals(SpdxDocument.PREDICATE_TYPE)) {
                StatementShapes.checkSpdx(statement.path("predicate"));
            } else {
                StatementShapes.checkSlsaV1(statement.path("predicate"));
            }
        }
        // the final image's SBOM: its own package, none of the builder's
        JsonNode finalSbom = new ObjectMapper().readTree(all.get(0).statement()).path("predicate");
        assertThat(all.get(0).layer().annotations()).doesNotContainKey("dev.stevedore.sbom.stage");
        assertThat(SpdxDocument.packages(finalSbom)).extracting(SoftwarePackage::name, SoftwarePackage::foundIn)
                .containsExactly(tuple("libc6", "/var/lib/dpkg/status"));
        // the builder stage's, scanned on request into its own document
        assertThat(all.get(1).layer().annotations()).containsEntry("dev.stevedore.sbom.stage", "builder");
        assertThat(SpdxDocument.packages(new ObjectMapper().readTree(all.get(1).statement()).path("predicate")))
                .extracting(SoftwarePackage::name).containsExactly("gcc-12", "make");
        // max: the build args, the Dockerfile, the stage graph; the base by digest and platform
        JsonNode slsa = new ObjectMapper().readTree(all.get(2).statement()).path("predicate");
        assertThat(slsa.at("/buildDefinition/externalParameters/request/args/build-arg:BUILDKIT_SBOM_SCAN_STAGE").asText())
                .isEqualTo("true");
        assertThat(slsa.at("/buildDefinition/internalParameters/buildConfig/stages")).hasSize(2);
        assertThat(slsa.at("/buildDefinition/internalParameters/buildConfig/stages/1/dependsOn/0").asInt()).isZero();
        assertThat(new String(java.util.Base64.getDecoder().decode(
                slsa.at("/buildDefinition/internalParameters/buildConfig/dockerfile/data").asText()), StandardCharsets.UTF_8))
                .isEqualTo(DOCKERFILE);
        assertThat(slsa.at("/buildDefinition/externalParameters/configSource/path").asText()).isEqualTo("Dockerfile");
        assertThat(slsa.at("/buildDefinition/resolvedDependencies")).singleElement().satisfies(d -> {
            assertThat(d.path("uri").asText()).isEqualTo("pkg:docker/busybox@latest?platform=linux%2Famd64");
            assertThat(d.path("digest").path("sha256").asText()).hasSize(64);
        });
    }

    @Test
    void theMetadataFileNamesTheIndexHoldingTheImageAndItsAttestations() throws Exception {
        Path metadata = dir.resolve("metadata.json");
        BuildResult result = h.build(DOCKERFILE, r -> r.metadataFile(metadata)
                .attestations(AttestationRequest.parse(Optional.empty(), Optional.of("min"), List.of())));
        Descriptor top = h.store.tags().resolve("docker.io/test/app:latest");
        assertThat(top.mediaType()).isEqualTo(MediaType.OCI_INDEX);

        JsonNode meta = new ObjectMapper().readTree(metadata.toFile());
        // BuildKit's: the index the exporter wrote, not the image manifest inside it
        assertThat(meta.path("containerimage.digest").asText()).isEqualTo(top.digest().toString())
                .isNotEqualTo(result.manifestDigest().toString());
        assertThat(meta.path("containerimage.descriptor").path("digest").asText()).isEqualTo(top.digest().toString());
        assertThat(meta.path("containerimage.descriptor").path("mediaType").asText()).isEqualTo(MediaType.OCI_INDEX);
        assertThat(meta.path("containerimage.descriptor").path("size").asLong()).isEqualTo(top.size());
        assertThat(meta.path("containerimage.config.digest").asText()).isEqualTo(result.imageId().toString());
    }

    @Test
    void noSecretAndNoMinModeBuildArgValueInAnyAttestation() throws Exception {
        String secret = "planted-secret-" + UUID.randomUUID();
        String argValue = "planted-arg-" + UUID.randomUUID();
        Path token = dir.resolve("token.txt");
        Files.writeString(token, secret);
        build("true", "min", Map.of("PASSWORD", argValue), List.of(new Secret.FromFile("token", token)));
        List<Attestation> min = attestations();
        assertThat(min).hasSize(2);
        for (Attestation a : min) {
            String text = new String(a.statement(), StandardCharsets.UTF_8);
            assertThat(text).doesNotContain(secret).doesNotContain(argValue).doesNotContain("token");
        }
        // max tells the build args, and the secret's id, never its value
        build("true", "max", Map.of("PASSWORD", argValue), List.of(new Secret.FromFile("token", token)));
        String max = new String(attestations().getLast().statement(), StandardCharsets.UTF_8);
        assertThat(max).contains(argValue).contains("\"token\"").doesNotContain(secret);
    }

    @Test
    void theReportsPackageViewSaysWhatTheBuilderHadThatTheImageHasNot() throws Exception {
        BuildResult result = h.build(DOCKERFILE);
        assertThat(new Reporter(h.store).build(result.stages().stream().map(EngineValues::stage).toList(), result.manifestDigest()).packages())
                .containsExactly(new PackageView("builder", 2, List.of("gcc-12", "make"), 1));
    }

    @Test
    void aGitContextIsNamedWithItsCommit() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repo.resolve("Dockerfile"), "FROM busybox\nCOPY hello /hello\n");
        Files.writeString(repo.resolve("hello"), "hi\n");
        BuildHarness.run("git", "-C", repo.toString(), "init", "-q", "-b", "main");
        BuildHarness.run("git", "-C", repo.toString(), "add", ".");
        BuildHarness.run("git", "-C", repo.toString(), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "one");
        String commit = BuildHarness.run("git", "-C", repo.toString(), "rev-parse", "HEAD").strip();
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process daemon = new ProcessBuilder("git", "daemon", "--export-all", "--reuseaddr", "--listen=127.0.0.1",
                "--port=" + port, "--base-path=" + dir, dir.toString()).redirectErrorStream(true).start();
        String url = "git://127.0.0.1:" + port + "/repo#main";
        try {
            for (int i = 0; i < 100; i++) {
                try (var socket = new java.net.Socket("127.0.0.1", port)) {
                    break;
                } catch (java.io.IOException e) {
                    Thread.sleep(50);
                }
            }
            new ImageBuilder().build(BuildRequest.builder(url).storeRoot(h.root).tags(List.of("test/app:latest"))
                    .attestations(AttestationRequest.parse(Optional.empty(), Optional.of("min"), List.of())).build(),
                    e -> { });
        } finally {
            daemon.destroy();
            daemon.waitFor();
        }
        JsonNode p = new ObjectMapper().readTree(attestations().getFirst().statement()).path("predicate");
        assertThat(p.at("/buildDefinition/externalParameters/configSource/uri").asText()).isEqualTo(url);
        assertThat(p.at("/buildDefinition/resolvedDependencies/1/uri").asText()).isEqualTo(url);
        assertThat(p.at("/buildDefinition/resolvedDependencies/1/digest/sha1").asText()).isEqualTo(commit);
    }

    @Test
    void provenanceV02OnRequestAndTimesClampedBySourceDateEpoch() throws Exception {
        h.build(DOCKERFILE, r -> r.buildArgs(Map.of("SOURCE_DATE_EPOCH", "1700000000"))
                .attestations(AttestationRequest.parse(Optional.empty(), Optional.empty(),
                        List.of("type=provenance,mode=min,version=v0.2"))));
        List<Attestation> all = attestations();
        assertThat(all).extracting(Attestation::predicateType).containsExactly("https://slsa.dev/provenance/v0.2");
        JsonNode p = new ObjectMapper().readTree(all.getFirst().statement()).path("predicate");
        assertThat(p.at("/metadata/buildStartedOn").asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(p.at("/metadata/buildFinishedOn").asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(p.at("/invocation/parameters/args").has("build-arg:SOURCE_DATE_EPOCH")).isFalse();
    }

    @Test
    void pushedResultsCarryMinProvenanceByDefault() throws Exception {
        try (TestRegistry registry = TestRegistry.start()) {
            String app = registry.host() + "/app:1";
            h.build(DOCKERFILE, r -> r.tags(List.of(app)).distribution(Distribution.defaults().withPush(true)));
            JsonNode index = new ObjectMapper().readTree(BuildHarness.run("skopeo", "inspect", "--raw",
                    "--tls-verify=false", "docker://" + app));
            assertThat(index.path("mediaType").asText()).isEqualTo(MediaType.OCI_INDEX);
            JsonNode att = index.path("manifests").get(1);
            assertThat(att.path("annotations").path("vnd.docker.reference.type").asText()).isEqualTo("attestation-manifest");
            JsonNode manifest = new ObjectMapper().readTree(BuildHarness.run("skopeo", "inspect", "--raw",
                    "--tls-verify=false", "docker://" + registry.host() + "/app@" + att.path("digest").asText()));
            assertThat(manifest.path("layers")).singleElement().satisfies(l -> assertThat(
                    l.path("annotations").path("in-toto.io/predicate-type").asText()).isEqualTo("https://slsa.dev/provenance/v1"));
            // and a build without --push attaches nothing
            h.build(DOCKERFILE);
            assertThat(h.store.tags().resolve("docker.io/test/app:latest").mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
        }
    }
}
