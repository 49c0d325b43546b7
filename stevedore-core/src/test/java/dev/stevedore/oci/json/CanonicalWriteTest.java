package dev.stevedore.oci.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.oci.ContainerConfig;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.Healthcheck;
import dev.stevedore.oci.History;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.ImageIndex;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.MediaType;
import dev.stevedore.oci.Platform;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What we write, byte for byte, as Go's encoding/json would write the same document. */
class CanonicalWriteTest {

    private static final Digest A = Digest.sha256("a".getBytes(StandardCharsets.UTF_8));
    private static final Digest B = Digest.sha256("b".getBytes(StandardCharsets.UTF_8));

    @Test
    void ociManifestInSpecOrderOmittingEmptyFields() {
        ImageManifest m = new ImageManifest(2, MediaType.OCI_MANIFEST, Optional.empty(),
                new Descriptor(MediaType.OCI_CONFIG, A, 100), List.of(new Descriptor(MediaType.OCI_LAYER_GZIP, B, 2000)),
                Optional.empty(), Map.of("z", "1", "a", "2"));
        assertThat(text(OciJson.write(m))).isEqualTo(
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + A
                + "\",\"size\":100},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                + "\"digest\":\"" + B + "\",\"size\":2000}],\"annotations\":{\"a\":\"2\",\"z\":\"1\"}}");
    }

    @Test
    void indexEntriesCarryPlatformAndAnnotations() {
        Descriptor entry = new Descriptor(MediaType.OCI_MANIFEST, A, 500)
                .withPlatform(Platform.of("linux", "arm", "v7"))
                .withAnnotation(Descriptor.OCI_REF_NAME, "1.0");
        assertThat(text(OciJson.write(ImageIndex.oci(List.of(entry))))).isEqualTo(
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + A + "\","
                + "\"size\":500,\"annotations\":{\"org.opencontainers.image.ref.name\":\"1.0\"},"
                + "\"platform\":{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v7\"}}]}");
    }

    @Test
    void emptyManifestListsStillWriteTheirArrays() {
        ImageManifest m = ImageManifest.docker(new Descriptor(MediaType.DOCKER_CONFIG, A, 2), List.of());
        assertThat(text(OciJson.write(m))).endsWith(",\"layers\":[]}");
        assertThat(text(OciJson.write(ImageIndex.oci(List.of())))).endsWith(",\"manifests\":[]}");
    }

    @Test
    void scratchConfigIsMinimal() {
        ImageConfig c = ImageConfig.scratch(Platform.of("linux", "amd64"));
        assertThat(text(OciJson.write(c))).isEqualTo(
                "{\"architecture\":\"amd64\",\"config\":{},\"os\":\"linux\","
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
    }

    @Test
    void theBuildEngineChangesAConfigStepByStep() {
        Instant t = Instant.parse("2024-05-01T10:00:00Z");
        ImageConfig c = ImageConfig.scratch(Platform.of("linux", "arm64", "v8"))
                .withLayer(A, History.layer(t, "COPY app /app # buildkit"))
                .withEnv("PATH", "/bin")
                .withEnv("A", "1")
                .withEnv("PATH", "/usr/bin:/bin")
                .withHistory(History.emptyLayer(t, "ENV PATH=/usr/bin:/bin"))
                .withEntrypoint(List.of("/app"))
                .withCmd(List.of("--help"))
                .withUser("1000")
                .withWorkingDir("/srv")
                .withLabel("b", "2")
                .withLabel("a", "1")
                .withConfig(k -> k.withExposedPort("8080/tcp").withVolume("/data").withStopSignal("SIGINT")
                        .withHealthcheck(Optional.of(Healthcheck.none())).withShell(List.of("/bin/sh", "-c")))
                .withCreated(t)
                .withAuthor("me");
        assertThat(c.config().env()).containsExactly("PATH=/usr/bin:/bin", "A=1");
        assertThat(c.rootfs().diffIds()).containsExactly(A);
        assertThat(text(OciJson.write(c))).isEqualTo(
                "{\"architecture\":\"arm64\",\"author\":\"me\",\"config\":{\"User\":\"1000\","
                + "\"ExposedPorts\":{\"8080/tcp\":{}},\"Env\":[\"PATH=/usr/bin:/bin\",\"A=1\"],"
                + "\"Entrypoint\":[\"/app\"],\"Cmd\":[\"--help\"],\"Volumes\":{\"/data\":{}},\"WorkingDir\":\"/srv\","
                + "\"Labels\":{\"a\":\"1\",\"b\":\"2\"},\"StopSignal\":\"SIGINT\",\"Healthcheck\":{\"Test\":[\"NONE\"]},"
                + "\"Shell\":[\"/bin/sh\",\"-c\"]},\"created\":\"2024-05-01T10:00:00Z\",\"history\":["
                + "{\"created\":\"2024-05-01T10:00:00Z\",\"created_by\":\"COPY app /app # buildkit\"},"
                + "{\"created\":\"2024-05-01T10:00:00Z\",\"created_by\":\"ENV PATH=/usr/bin:/bin\",\"empty_layer\":true}],"
                + "\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + A + "\"]},\"variant\":\"v8\"}");
        assertThat(OciJson.readConfig(OciJson.write(c)).value()).isEqualTo(c);
        assertThat(OciJson.serialize(c).digest()).isEqualTo(Digest.sha256(OciJson.write(c)));
    }

    @Test
    void healthcheckDurationsAreNanoseconds() {
        Healthcheck h = new Healthcheck(List.of("CMD", "true"), Duration.ofSeconds(30), Duration.ofMillis(1500),
                Duration.ZERO, Duration.ofNanos(1), 0);
        ImageConfig c = ImageConfig.scratch(Platform.of("linux", "amd64"))
                .withConfig(k -> k.withHealthcheck(Optional.of(h)));
        assertThat(text(OciJson.write(c))).contains(
                "\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"],\"Interval\":30000000000,\"Timeout\":1500000000,"
                + "\"StartInterval\":1}");
    }

    @Test
    void escapesHtmlQuotesAndBackslashesAsGoDoes() {
        assertThat(written("a<b>&c")).isEqualTo("a\\u003cb\\u003e\\u0026c");
        assertThat(written("say \"hi\" \\ there")).isEqualTo("say \\\"hi\\\" \\\\ there");
        assertThat(written("a\nb\tc")).isEqualTo("a\\nb\\tc");
    }

    @Test
    void escapesControlAndSeparatorCharactersAsGoDoes() {
        assertThat(written("\u0001\u001f\b\f\r")).isEqualTo("\\u0001\\u001f\\b\\f\\r");
        assertThat(written("line\u2028para\u2029")).isEqualTo("line\\u2028para\\u2029");
        assertThat(written("é 🐳 \u007f")).isEqualTo("é 🐳 \u007f");
        assertThat(written("lone \uD800 surrogate")).isEqualTo("lone \uFFFD surrogate");
    }

    @Test
    void mapKeysAreSortedByCodePointAsGoSortsBytes() {
        // UTF-16 order puts U+FF01 after U+1F433 (a surrogate pair); UTF-8 and code point order do not.
        assertThat(GoJsonWriter.compareCodePoints("\uFF01", "🐳")).isNegative();
        assertThat(GoJsonWriter.compareCodePoints("a", "ab")).isNegative();
        assertThat(GoJsonWriter.compareCodePoints("B", "a")).isNegative();
        assertThat(GoJsonWriter.compareCodePoints("x", "x")).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            2024-05-01T10:00:00Z             | 2024-05-01T10:00:00Z
            2024-05-01T10:00:00.100Z         | 2024-05-01T10:00:00.1Z
            2024-05-01T10:00:00.123456789Z   | 2024-05-01T10:00:00.123456789Z
            2024-05-01T10:00:00.000000001Z   | 2024-05-01T10:00:00.000000001Z
            1970-01-01T00:00:00Z             | 1970-01-01T00:00:00Z
            0001-01-01T00:00:00Z             | 0001-01-01T00:00:00Z
            """)
    void timesAreRfc3339NanoAsGoPrintsThem(String instant, String expected) {
        assertThat(GoTime.format(Instant.parse(instant))).isEqualTo(expected);
    }

    @Test
    void timesWithAnOffsetAreReadAsTheSameInstant() {
        byte[] json = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2024-05-01T12:00:00+02:00\","
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":null}}").getBytes(StandardCharsets.UTF_8);
        ImageConfig c = OciJson.readConfig(json).value();
        assertThat(c.created()).contains(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(c.rootfs().diffIds()).isEmpty();
        assertThat(c.config()).isEqualTo(ContainerConfig.EMPTY);
    }

    @Test
    void fieldNamesMatchCaseInsensitivelyAsInGo() {
        byte[] json = ("{\"Architecture\":\"amd64\",\"OS\":\"linux\",\"config\":{\"cmd\":[\"sh\"],"
                + "\"Cmd\":[\"exact\"],\"CMD\":[\"last\"]},\"RootFS\":{\"type\":\"layers\"}}")
                .getBytes(StandardCharsets.UTF_8);
        ImageConfig c = OciJson.readConfig(json).value();
        assertThat(c.platform()).isEqualTo(Platform.of("linux", "amd64"));
        assertThat(c.config().cmd()).as("the last match wins, as in Go").containsExactly("last");
    }

    private static String written(String value) {
        ImageConfig c = ImageConfig.scratch(Platform.of("linux", "amd64")).withUser(value);
        String json = text(OciJson.write(c));
        String prefix = "\"config\":{\"User\":\"";
        int start = json.indexOf(prefix) + prefix.length();
        return json.substring(start, json.indexOf("\"},\"os\"", start));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
