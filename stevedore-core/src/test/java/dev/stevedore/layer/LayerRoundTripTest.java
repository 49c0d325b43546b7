package dev.stevedore.layer;

import dev.stevedore.oci.Compression;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.oci.Digest;
import dev.stevedore.oci.MediaType;
import dev.stevedore.testing.Prerequisites;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LayerRoundTripTest {

    @TempDir
    Path dir;

    @BeforeEach
    void needsRoot() {
        Prerequisites.root();
    }

    private static byte[] write(Path root, LayerOptions options) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Layer layer = LayerWriter.writeTree(root, out, options);
        byte[] blob = out.toByteArray();
        assertThat(layer.size()).isEqualTo(blob.length);
        assertThat(layer.digest()).isEqualTo(Digest.sha256(blob));
        assertThat(layer.mediaType()).isEqualTo(options.compression().mediaType());
        return blob;
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void aRichTreeComesBackTheSame(Compression compression) throws IOException {
        Path source = Trees.rich(dir.resolve("source"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Layer layer = LayerWriter.writeTree(source, out, LayerOptions.defaults().withCompression(compression));

        Path target = Files.createDirectory(dir.resolve("target"));
        Digest diffId = LayerApplier.apply(new ByteArrayInputStream(out.toByteArray()), target, Whiteouts.DELETE);

        assertThat(diffId).isEqualTo(layer.diffId());
        assertThat(Trees.describe(target)).isEqualTo(Trees.describe(source));
        assertThat(Trees.directoryTimes(target)).isEqualTo(Trees.directoryTimes(source)).containsEntry("etc", Trees.T2.getEpochSecond());
        assertThat(Trees.describe(target).get("bin/su")).startsWith("104755 0:0 ");
        assertThat(Trees.describe(target).get("bin/tool-alias")).endsWith("inode=bin/tool" + Trees.describe(target).get("bin/tool").substring(Trees.describe(target).get("bin/tool").indexOf(" security")));
        assertThat(Trees.describe(target).get("bin/tool")).contains("security.capability=0100000200040000000000000000000000000000");
    }

    @Test
    void theDescriptorMatchesTheBlob() throws IOException {
        Path source = Trees.rich(dir.resolve("source"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Layer layer = LayerWriter.writeTree(source, out, LayerOptions.defaults().withCompression(Compression.GZIP));
        assertThat(layer.descriptor().mediaType()).isEqualTo(MediaType.OCI_LAYER_GZIP);
        assertThat(layer.descriptor().digest()).isEqualTo(Digest.sha256(out.toByteArray()));
        assertThat(layer.uncompressedSize() % 512).isZero();
    }

    @Test
    void sameTreeSameDigest() throws IOException {
        Path source = Trees.rich(dir.resolve("source"));
        for (Compression c : Compression.values()) {
            assertThat(write(source, LayerOptions.defaults().withCompression(c)))
                    .isEqualTo(write(source, LayerOptions.defaults().withCompression(c)));
        }
    }

    @Test
    void normalizedTreesThatDifferOnlyInTimesAndOwnersGiveTheSameDigest() throws IOException {
        Path a = Trees.write(dir.resolve("a/x/file"), "same");
        Path b = Trees.write(dir.resolve("b/x/file"), "same");
        Trees.meta(a, 1, 2, 0644, Instant.parse("2024-01-01T00:00:00Z"));
        Trees.meta(b, 3, 4, 0644, Instant.parse("2025-05-05T00:00:00Z"));
        LayerOptions plain = LayerOptions.defaults();
        assertThat(write(dir.resolve("a"), plain)).isNotEqualTo(write(dir.resolve("b"), plain));

        LayerOptions normalized = plain.withSourceDateEpoch(Instant.parse("2023-01-01T00:00:00Z")).withOwner(0, 0);
        assertThat(write(dir.resolve("a"), normalized)).isEqualTo(write(dir.resolve("b"), normalized));

        Path target = Files.createDirectory(dir.resolve("target"));
        LayerApplier.apply(new ByteArrayInputStream(write(dir.resolve("a"), normalized)), target, Whiteouts.DELETE);
        assertThat(Trees.describe(target).get("x/file")).startsWith("100644 0:0 " + Instant.parse("2023-01-01T00:00:00Z").getEpochSecond());
    }

    @Test
    void mtimesBeforeTheEpochAreKept() throws IOException {
        Path a = Trees.write(dir.resolve("a/file"), "x");
        Trees.meta(a, 0, 0, 0644, Trees.T1);
        byte[] blob = write(dir.resolve("a"), LayerOptions.defaults().withSourceDateEpoch(Trees.T2));
        Path target = Files.createDirectory(dir.resolve("target"));
        LayerApplier.apply(new ByteArrayInputStream(blob), target, Whiteouts.DELETE);
        assertThat(Files.getLastModifiedTime(target.resolve("file")).toInstant()).isEqualTo(Trees.T1);
    }

    @Test
    void systemTarListsOurTarAndGzipAcceptsOurGzip() throws Exception {
        Path source = Trees.rich(dir.resolve("source"));
        // more than one 1 MiB chunk, so the gzip has several members compressed in parallel
        byte[] big = new byte[3 * ParallelGzipOutputStream.CHUNK + 12345];
        new Random(42).nextBytes(big);
        Files.write(source.resolve("big.bin"), big);
        Path tar = dir.resolve("layer.tar");
        Path tgz = dir.resolve("layer.tar.gz");
        Files.write(tar, write(source, LayerOptions.defaults().withCompression(Compression.NONE)));
        Files.write(tgz, write(source, LayerOptions.defaults().withCompression(Compression.GZIP)));

        String listing = run("tar", "--numeric-owner", "-tvf", tar.toString());
        assertThat(listing).contains("-rwsr-xr-x 0/0", "bin/su", "crw-rw-rw- 0/0             1,3 ", "dev/null",
                "bin/tool-alias link to bin/tool", "bin/sh -> busybox", "f".repeat(150), "unicode/日本語/файл-ünï.txt",
                "prw-r-----", "drwxrwxrwt");
        run("gzip", "-t", tgz.toString());
        assertThat(run("tar", "-tzf", tgz.toString())).isEqualTo(run("tar", "-tf", tar.toString()));

        Path extracted = Files.createDirectory(dir.resolve("by-gnu-tar"));
        run("tar", "--xattrs", "--xattrs-include=*", "-xpzf", tgz.toString(), "-C", extracted.toString());
        assertThat(extracted.resolve("big.bin")).hasBinaryContent(big);
        assertThat(Trees.describe(extracted).get("bin/tool")).isEqualTo(Trees.describe(source).get("bin/tool"));
    }

    @Test
    void weApplyWhatGnuTarWrites() throws Exception {
        Path source = Trees.rich(dir.resolve("source"));
        Path tgz = dir.resolve("gnu.tar.gz");
        run("tar", "--xattrs", "--xattrs-include=*", "--format=pax", "-czf", tgz.toString(), "-C", source.toString(), ".");
        Path target = Files.createDirectory(dir.resolve("target"));
        try (var in = Files.newInputStream(tgz)) {
            LayerApplier.apply(in, target, Whiteouts.DELETE);
        }
        assertThat(Trees.describe(target)).isEqualTo(Trees.describe(source));
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }
}
