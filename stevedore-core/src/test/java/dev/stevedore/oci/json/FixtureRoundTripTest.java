package dev.stevedore.oci.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.History;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.ImageIndex;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.Manifest;
import dev.stevedore.oci.MediaType;
import dev.stevedore.oci.Platform;
import dev.stevedore.oci.PlatformMatcher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Manifests, indexes and configs as registries serve them ({@code src/test/resources/oci/}). */
class FixtureRoundTripTest {

    @ParameterizedTest
    @ValueSource(strings = {"docker-manifest-list.json", "docker-manifest.json", "oci-index-attestations.json",
            "oci-manifest.json", "oci-manifest-no-mediatype.json", "oci-index-no-mediatype.json"})
    void manifestsKeepTheirExactBytesAndDigest(String file) throws Exception {
        byte[] bytes = fixture(file);
        Parsed<Manifest> parsed = OciJson.readManifest(bytes, file);
        assertThat(parsed.raw()).isEqualTo(bytes);
        assertThat(parsed.digest()).hasToString("sha256:" + sha256Hex(bytes));
        assertThat(parsed.size()).isEqualTo(bytes.length);
        // Canonical writing is a fixed point: what we write, we read back to the same value and bytes.
        byte[] canonical = OciJson.write(parsed.value());
        assertThat(OciJson.readManifest(canonical).value()).isEqualTo(parsed.value());
        assertThat(OciJson.write(OciJson.readManifest(canonical).value())).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker-config.json", "oci-config.json"})
    void configsKeepTheirExactBytesAndDigest(String file) throws Exception {
        byte[] bytes = fixture(file);
        Parsed<ImageConfig> parsed = OciJson.readConfig(bytes, file);
        assertThat(parsed.raw()).isEqualTo(bytes);
        assertThat(parsed.digest()).hasToString("sha256:" + sha256Hex(bytes));
        byte[] canonical = OciJson.write(parsed.value());
        assertThat(OciJson.readConfig(canonical).value()).isEqualTo(parsed.value());
    }

    @Test
    void dockerHubManifestListSelectsPerPlatform() throws Exception {
        ImageIndex list = OciJson.readIndex(fixture("docker-manifest-list.json"), "busybox").value();
        assertThat(list.mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST_LIST);
        assertThat(list.manifests()).hasSize(8)
                .allSatisfy(d -> assertThat(d.mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST));
        assertThat(list.manifests()).extracting(d -> d.platform().orElseThrow().toString()).containsExactly(
                "linux/amd64", "linux/arm/v5", "linux/arm/v6", "linux/arm/v7", "linux/arm64/v8", "linux/386",
                "linux/ppc64le", "linux/s390x");
        Platform host = Platform.of("linux", "amd64");
        assertThat(pick(list, Platform.parse("linux/arm64", host))).isEqualTo("linux/arm64/v8");
        assertThat(pick(list, Platform.parse("linux/arm/v7", host))).isEqualTo("linux/arm/v7");
        assertThat(pick(list, Platform.parse("linux/arm/v6", host))).isEqualTo("linux/arm/v6");
        assertThat(pick(list, host)).isEqualTo("linux/amd64");
        assertThat(pick(list, Platform.parse("linux/386", host))).isEqualTo("linux/386");
    }

    @Test
    void buildkitIndexWithAttestations() throws Exception {
        ImageIndex index = OciJson.readIndex(fixture("oci-index-attestations.json"), "app").value();
        assertThat(index.mediaType()).isEqualTo(MediaType.OCI_INDEX);
        assertThat(index.manifests()).hasSize(4);
        assertThat(index.images()).hasSize(2).noneMatch(Descriptor::isAttestation);
        Descriptor attestation = index.manifests().get(2);
        assertThat(attestation.isAttestation()).isTrue();
        assertThat(attestation.platform()).contains(Platform.of("unknown", "unknown"));
        assertThat(attestation.annotations().get(Descriptor.DOCKER_REFERENCE_DIGEST))
                .isEqualTo(index.manifests().get(0).digest().toString());
        Descriptor picked = PlatformMatcher.only(Platform.of("linux", "amd64")).select(index.manifests())
                .orElseThrow();
        assertThat(picked).isEqualTo(index.manifests().get(0));
    }

    @Test
    void dockerManifest() throws Exception {
        ImageManifest m = OciJson.readImageManifest(fixture("docker-manifest.json"), "nginx").value();
        assertThat(m.mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
        assertThat(m.config().mediaType()).isEqualTo(MediaType.DOCKER_CONFIG);
        assertThat(m.config().size()).isEqualTo(1457);
        assertThat(m.layers()).extracting(Descriptor::size).containsExactly(2152262L, 1094L);
        assertThat(m.layers().getFirst().mediaType()).isEqualTo(MediaType.DOCKER_LAYER_GZIP);
    }

    @Test
    void ociManifestIgnoresUnknownFieldsButKeepsThemInTheBytes() throws Exception {
        byte[] bytes = fixture("oci-manifest.json");
        Parsed<ImageManifest> p = OciJson.readImageManifest(bytes, "app");
        assertThat(p.value().layers()).extracting(Descriptor::mediaType)
                .containsExactly(MediaType.OCI_LAYER_GZIP, MediaType.OCI_LAYER_ZSTD);
        assertThat(p.value().annotations()).containsEntry("org.opencontainers.image.base.name",
                "docker.io/library/alpine:3.20");
        assertThat(new String(p.raw(), StandardCharsets.UTF_8)).contains("x-unknown-extension");
        assertThat(new String(OciJson.write(p.value()), StandardCharsets.UTF_8)).doesNotContain("x-unknown");
    }

    @Test
    void kindComesFromContentWhenMediaTypeIsAbsent() throws Exception {
        Manifest m = OciJson.readManifest(fixture("oci-manifest-no-mediatype.json")).value();
        assertThat(m).isInstanceOf(ImageManifest.class);
        assertThat(m.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
        Descriptor layer = ((ImageManifest) m).layers().getFirst();
        assertThat(layer.digest().algorithm()).isEqualTo(Digest.SHA512);
        assertThat(layer.urls()).containsExactly("https://mirror.example/blob");

        Manifest i = OciJson.readManifest(fixture("oci-index-no-mediatype.json")).value();
        assertThat(i).isInstanceOf(ImageIndex.class);
        assertThat(((ImageIndex) i).manifests().getFirst().artifactType())
                .contains("application/vnd.dev.cosign.artifact.sig.v1+json");
    }

    @Test
    void dockerClassicConfig() throws Exception {
        ImageConfig c = OciJson.readConfig(fixture("docker-config.json"), "nginx").value();
        assertThat(c.platform()).isEqualTo(Platform.of("linux", "amd64"));
        assertThat(c.created()).contains(Instant.parse("2024-04-16T21:25:11.562911434Z"));
        assertThat(c.config().env("NGINX_VERSION")).contains("1.25.5");
        assertThat(c.config().entrypoint()).containsExactly("/docker-entrypoint.sh");
        assertThat(c.config().cmd()).containsExactly("nginx", "-g", "daemon off;");
        assertThat(c.config().exposedPorts()).containsExactly("80/tcp");
        assertThat(c.config().volumes()).isEmpty();
        assertThat(c.config().onBuild()).isEmpty();
        assertThat(c.config().argsEscaped()).isTrue();
        assertThat(c.config().stopSignal()).isEqualTo("SIGQUIT");
        assertThat(c.config().labels()).containsEntry("maintainer",
                "NGINX Docker Maintainers <docker-maint@nginx.com>");
        var health = c.config().healthcheck().orElseThrow();
        assertThat(health.test()).containsExactly("CMD", "curl", "-f", "http://localhost/");
        assertThat(health.interval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(health.timeout()).isEqualTo(Duration.ZERO);
        assertThat(health.retries()).isEqualTo(5);
        assertThat(c.history()).hasSize(4);
        assertThat(c.history().get(1).emptyLayer()).isTrue();
        assertThat(c.history().get(2).createdBy()).contains("&& apt-get update &&");
        assertThat(c.history().stream().filter(h -> !h.emptyLayer())).hasSize(c.rootfs().diffIds().size());
    }

    @Test
    void buildkitConfigIsWrittenBackByteForByte() throws Exception {
        byte[] bytes = fixture("oci-config.json");
        ImageConfig c = OciJson.readConfig(bytes).value();
        assertThat(OciJson.write(c)).as("our canonical writer is Go's encoding/json").isEqualTo(bytes);
        assertThat(OciJson.serialize(c).digest()).isEqualTo(Digest.sha256(bytes));

        assertThat(c.platform()).hasToString("linux/arm64/v8");
        assertThat(c.config().user()).isEqualTo("app:app");
        assertThat(c.config().shell()).containsExactly("/bin/bash", "-o", "pipefail", "-c");
        assertThat(c.config().onBuild()).containsExactly("COPY . /src");
        var health = c.config().healthcheck().orElseThrow();
        assertThat(health.startInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(health.startPeriod()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.history().get(2).created()).contains(Instant.parse("2024-05-01T10:00:00.1Z"));
        assertThat(c.history().get(3).author()).isEqualTo("Jane Doe <jane@example.com>");
        assertThat(c.history().get(1)).isEqualTo(new History(
                Optional.of(Instant.parse("2024-04-29T17:20:37Z")), "CMD [\"/bin/sh\"]", "",
                "buildkit.dockerfile.v0", true));
    }

    @Test
    void askingForTheWrongKindSaysWhatTheDocumentIs() throws Exception {
        assertThatThrownBy(() -> OciJson.readImageManifest(fixture("docker-manifest-list.json"), "busybox"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("manifest busybox: expected an image manifest, got an index ("
                        + MediaType.DOCKER_MANIFEST_LIST + ")");
        assertThatThrownBy(() -> OciJson.readIndex(fixture("docker-manifest.json"), "nginx"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("index nginx: expected an index, got an image manifest (" + MediaType.DOCKER_MANIFEST + ")");
    }

    @Test
    void parsedKeepsItsOwnCopyOfTheBytes() throws Exception {
        Parsed<Manifest> p = OciJson.readManifest(fixture("docker-manifest.json"));
        byte[] raw = p.raw();
        raw[0] = 'X';
        assertThat(p.raw()[0]).isEqualTo((byte) '{');
        assertThat(p).isEqualTo(OciJson.readManifest(fixture("docker-manifest.json")));
        assertThat(OciJson.descriptor(p)).isEqualTo(new Descriptor(MediaType.DOCKER_MANIFEST, p.digest(), p.size()));
    }

    private static String pick(ImageIndex index, Platform wanted) {
        return PlatformMatcher.only(wanted).select(index.manifests()).orElseThrow().platform().orElseThrow()
                .toString();
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = FixtureRoundTripTest.class.getResourceAsStream("/oci/" + name)) {
            if (in == null) {
                throw new AssertionError("no fixture oci/" + name);
            }
            return in.readAllBytes();
        }
    }

    private static String sha256Hex(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
