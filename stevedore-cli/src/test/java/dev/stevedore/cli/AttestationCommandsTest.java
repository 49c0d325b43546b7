package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code build --sbom/--provenance/--attest}, {@code stevedore attestations} and {@code stevedore sbom}. */
class AttestationCommandsTest {

    @TempDir
    Path dir;

    Path context;
    String store;

    @BeforeEach
    void setUp() throws Exception {
        Prerequisites.root();
        context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("status"), "Package: libc6\nStatus: install ok installed\nVersion: 2.36-9\n"
                + "Architecture: amd64\n");
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY status /var/lib/dpkg/status\n");
        store = dir.resolve("store").toString();
    }

    @Test
    void buildAttachesAndTheCommandsShowThem() throws Exception {
        // --sbom takes no detached value: the context after it stays the context
        CliRun build = CliRun.run("", "build", "--root", store, "-t", "app:1", "--provenance=max", "--sbom",
                context.toString());
        assertThat(build.code()).as(build.err()).isZero();
        CliRun list = CliRun.run("", "attestations", "--root", store, "app:1");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("https://spdx.dev/Document").contains("https://slsa.dev/provenance/v1");
        CliRun json = CliRun.run("", "attestations", "--root", store, "--format", "json", "app:1");
        JsonNode statements = new ObjectMapper().readTree(json.out());
        assertThat(statements).hasSize(2);
        assertThat(statements.get(1).at("/predicate/buildDefinition/externalParameters/configSource/path").asText())
                .isEqualTo("Dockerfile");
        CliRun sbom = CliRun.run("", "sbom", "--root", store, "app:1");
        assertThat(sbom.code()).as(sbom.err()).isZero();
        assertThat(sbom.out()).containsPattern("libc6\\s+2\\.36-9\\s+deb\\s+/var/lib/dpkg/status");
        // another name for the image is another name for its attestations
        assertThat(CliRun.run("", "tag", "--root", store, "app:1", "app:2").code()).isZero();
        assertThat(CliRun.run("", "attestations", "--root", store, "app:2").out()).contains("https://spdx.dev/Document");
        CliRun purls = CliRun.run("", "sbom", "--root", store, "--purl", "app:1");
        assertThat(purls.out().strip()).isEqualTo("pkg:deb/debian/libc6@2.36-9?arch=amd64");
    }

    @Test
    void anOciArchiveKeepsThemThroughSaveAndLoad() throws Exception {
        assertThat(CliRun.run("", "build", "--root", store, "-t", "app:1", "--sbom", context.toString()).code()).isZero();
        Path archive = dir.resolve("app.tar");
        CliRun save = CliRun.run("", "save", "--root", store, "--format", "oci", "-o", archive.toString(), "app:1");
        assertThat(save.code()).as(save.err()).isZero();
        String other = dir.resolve("other").toString();
        CliRun load = CliRun.run("", "load", "--root", other, "-i", archive.toString());
        assertThat(load.code()).as(load.err()).isZero();
        assertThat(CliRun.run("", "attestations", "--root", other, "app:1").out()).contains("https://spdx.dev/Document");
        assertThat(CliRun.run("", "sbom", "--root", other, "--purl", "app:1").out()).contains("pkg:deb/debian/libc6@2.36-9");
        // skopeo reads the archive as one image of the index
        assertThat(dev.stevedore.testing.Prerequisites.tool("skopeo")).isNotNull();
        Process p = new ProcessBuilder("skopeo", "inspect", "--raw", "oci-archive:" + archive).redirectErrorStream(true).start();
        String raw = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(raw).isZero();
        assertThat(raw).contains("attestation-manifest");
    }

    @Test
    void anOciOutputKeepsThemAsSaveDoes() throws Exception {
        Path archive = dir.resolve("app.oci.tar");
        CliRun build = CliRun.run("", "build", "--root", store, "-t", "app:1", "--sbom", "--provenance=max",
                "-o", "type=oci,dest=" + archive, "--progress", "plain", context.toString());
        assertThat(build.code()).as(build.err()).isZero();
        assertThat(build.err()).doesNotContain("attestations are left out");
        JsonNode index = new ObjectMapper().readTree(skopeo("inspect", "--raw", "oci-archive:" + archive));
        assertThat(index.path("manifests")).hasSize(2);
        assertThat(index.path("manifests").get(1).at("/annotations/vnd.docker.reference.digest").asText())
                .isEqualTo(index.path("manifests").get(0).path("digest").asText());
        String other = dir.resolve("other").toString();
        CliRun load = CliRun.run("", "load", "--root", other, "-i", archive.toString());
        assertThat(load.code()).as(load.err()).isZero();
        assertThat(CliRun.run("", "attestations", "--root", other, "app:1").out())
                .contains("https://spdx.dev/Document").contains("https://slsa.dev/provenance/v1");
    }

    @Test
    void anUntaggedBuildKeepsThemUnderItsId() throws Exception {
        CliRun build = CliRun.run("", "build", "--root", store, "-q", "--sbom", context.toString());
        assertThat(build.code()).as(build.err()).isZero();
        String id = build.out().strip();
        CliRun list = CliRun.run("", "attestations", "--root", store, id);
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("https://spdx.dev/Document");
        assertThat(CliRun.run("", "attestations", "--root", store, id.substring("sha256:".length(), 19)).out())
                .as("a short id too").contains("https://spdx.dev/Document");
        CliRun inspect = CliRun.run("", "inspect", "--root", store, id);
        assertThat(inspect.code()).as(inspect.err()).isZero();
        assertThat(new ObjectMapper().readTree(inspect.out()).get(0).path("Index").path("mediaType").asText())
                .isEqualTo("application/vnd.oci.image.index.v1+json");
    }

    @Test
    void aPulledImageKeepsThemThroughAnOciSave() throws Exception {
        try (dev.stevedore.testing.TestRegistry registry = dev.stevedore.testing.TestRegistry.start()) {
            String app = registry.host() + "/app:1";
            CliRun build = CliRun.run("", "build", "--root", store, "-t", app, "--sbom", "--push", context.toString());
            assertThat(build.code()).as(build.err()).isZero();
            String other = dir.resolve("other").toString();
            CliRun pull = CliRun.run("", "pull", "--root", other, app);
            assertThat(pull.code()).as(pull.err()).isZero();
            CliRun list = CliRun.run("", "attestations", "--root", other, app);
            assertThat(list.code()).as(list.err()).isZero();
            assertThat(list.out()).as("provenance min is attached when pushed; the SBOM on request")
                    .contains("https://spdx.dev/Document").contains("https://slsa.dev/provenance/v1");
            assertThat(CliRun.run("", "sbom", "--root", other, "--purl", app).out())
                    .contains("pkg:deb/debian/libc6@2.36-9");
            Path archive = dir.resolve("pulled.tar");
            CliRun save = CliRun.run("", "save", "--root", other, "--format", "oci", "-o", archive.toString(), app);
            assertThat(save.code()).as(save.err()).isZero();
            String saved = skopeo("inspect", "--raw", "oci-archive:" + archive);
            assertThat(saved).contains("attestation-manifest");
            assertThat(saved).as("the archive's index is the registry's")
                    .isEqualTo(skopeo("inspect", "--raw", "--tls-verify=false", "docker://" + app));
        }
    }

    @Test
    void buildxsVariableTurnsTheDefaultProvenanceOffButNotAnAskedOne() throws Exception {
        try (dev.stevedore.testing.TestRegistry registry = dev.stevedore.testing.TestRegistry.start()) {
            java.util.Map<String, String> env = java.util.Map.of("BUILDX_NO_DEFAULT_ATTESTATIONS", "1");
            String plain = registry.host() + "/plain:1";
            CliProcess quiet = CliProcess.start(env, "--root", store, "build", "-t", plain, "--push", context.toString());
            assertThat(quiet.await(300)).as(quiet.err()).isZero();
            assertThat(skopeo("inspect", "--raw", "--tls-verify=false", "docker://" + plain))
                    .as("no default provenance: the image manifest alone")
                    .contains("application/vnd.oci.image.manifest.v1+json").doesNotContain("attestation-manifest");

            String asked = registry.host() + "/asked:1";
            CliProcess attested = CliProcess.start(env, "--root", store, "build", "-t", asked, "--push",
                    "--attest", "type=provenance,mode=min", context.toString());
            assertThat(attested.await(300)).as(attested.err()).isZero();
            assertThat(skopeo("inspect", "--raw", "--tls-verify=false", "docker://" + asked)).contains("attestation-manifest");
        }
    }

    private static String skopeo(String... args) throws Exception {
        Prerequisites.tool("skopeo");
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("skopeo"));
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void sbomOfAnImageWithoutOneReadsItsFiles() throws Exception {
        CliRun build = CliRun.run("", "build", "--root", store, "-t", "plain:1", context.toString());
        assertThat(build.code()).as(build.err()).isZero();
        assertThat(CliRun.run("", "attestations", "--root", store, "plain:1").out()).doesNotContain("spdx");
        assertThat(CliRun.run("", "sbom", "--root", store, "--purl", "plain:1").out().strip())
                .isEqualTo("pkg:deb/debian/libc6@2.36-9?arch=amd64");
    }

    @Test
    void aDockerArchiveLeavesThemOutWithANote() throws Exception {
        CliRun build = CliRun.run("", "build", "--root", store, "-t", "app:1", "--attest", "type=sbom",
                "-o", "type=docker,dest=" + dir.resolve("app.tar"), "--progress", "plain", context.toString());
        assertThat(build.code()).as(build.err()).isZero();
        assertThat(build.err()).contains("attestations are left out of a docker archive");
    }

    @Test
    void badAttestFlagsAreRefusedInOneSentence() {
        CliRun run = CliRun.run("", "build", "--root", store, "--attest", "type=signature", context.toString());
        assertThat(run.code()).isNotZero();
        assertThat(run.err()).contains("--attest type=signature: unknown attestation type \"signature\" (sbom, provenance)");
        CliRun mode = CliRun.run("", "build", "--root", store, "--provenance=everything", context.toString());
        assertThat(mode.err()).contains("provenance mode \"everything\" is none of min, max, false");
    }
}
