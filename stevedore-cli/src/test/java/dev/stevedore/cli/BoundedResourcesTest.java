package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.store.Store;
import dev.stevedore.testing.BusyboxImage;
import dev.stevedore.testing.Traces;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds that would not fit in memory if anything buffered them: the CLI runs as its own JVM
 * with a small heap ({@code -Xmx128m}) on a big layer, a context of many files and a RUN that
 * prints tens of megabytes. {@code -Dstevedore.bounded.long=true} runs the full sizes of
 * RELIABILITY.md (2 GB, 100,000 files, 512 MB of output, {@code -Xmx512m}). Nothing here
 * asserts a time; the throughput is printed as a figure.
 */
class BoundedResourcesTest {

    private static final boolean LONG = Boolean.getBoolean("stevedore.bounded.long");
    private static final String HEAP = LONG ? "-Xmx512m" : "-Xmx128m";
    private static final long LAYER_BYTES = LONG ? 2_000_000_000L : 300_000_000L;
    private static final int FILES = LONG ? 100_000 : 20_000;
    /** Output of the chatty RUN: repetitions of a 1 MiB file of 64-byte lines. */
    private static final int OUTPUT_MIB = LONG ? 512 : 32;
    private static final int LINES_PER_MIB = 16_384;

    @TempDir
    Path dir;

    @Test
    void aBigLayerAndAManyFileContextBuildWithASmallHeap() throws Exception {
        Path root = storeWithBusybox();
        Path context = Files.createDirectories(dir.resolve("ctx/files"));
        for (int i = 0; i < FILES; i++) {
            Path sub = context.resolve("d" + (i % 100));
            if (i < 100) {
                Files.createDirectory(sub);
            }
            Files.writeString(sub.resolve("f" + i), "file " + i + "\n");
        }
        Files.writeString(dir.resolve("ctx/Dockerfile"), """
                FROM busybox
                COPY files /files
                RUN head -c %d /dev/urandom > /big
                """.formatted(LAYER_BYTES));
        long start = System.nanoTime();
        SmallHeapCli build = cli("build", "--root", root.toString(), "-t", "big:1", dir.resolve("ctx").toString());
        System.out.printf("bounded: %d files + a %d MB layer built with %s in %.1f s%n", FILES, LAYER_BYTES / 1_000_000,
                HEAP, (System.nanoTime() - start) / 1e9);
        assertThat(build.code()).as(build.tail()).isZero();

        Store store = Store.open(root);
        Descriptor image = store.tags().resolve("docker.io/library/big:1");
        ImageManifest manifest = OciJson.readImageManifest(store.blobs().read(image.digest()), "big:1").value();
        List<Descriptor> layers = manifest.layers();
        assertThat(layers).hasSize(3);
        assertThat(layers.getLast().size()).as("random bytes do not compress").isGreaterThan(LAYER_BYTES);
        try (var tar = new TarArchiveInputStream(new java.io.ByteArrayInputStream(
                Traces.tar(store.blobs().read(layers.get(1).digest()))))) {
            long members = 0;
            while (tar.getNextEntry() != null) {
                members++;
            }
            assertThat(members).as("the COPY layer: the files, their directories and /files").isEqualTo(FILES + 101L);
        }
    }

    @Test
    void aChattyRunLosesNoLine() throws Exception {
        Path root = storeWithBusybox();
        Path context = Files.createDirectories(dir.resolve("ctx"));
        StringBuilder mib = new StringBuilder();
        for (int i = 0; i < LINES_PER_MIB; i++) {
            String line = "line-" + i + " ";
            mib.append(line).append("x".repeat(63 - line.length())).append('\n');
        }
        Files.writeString(context.resolve("mib.txt"), mib);
        Files.writeString(context.resolve("Dockerfile"), """
                FROM busybox
                COPY mib.txt /
                RUN i=0; while [ $i -lt %d ]; do cat /mib.txt; i=$((i+1)); done; echo END-OF-OUTPUT
                """.formatted(OUTPUT_MIB));
        long start = System.nanoTime();
        SmallHeapCli build = cli("build", "--root", root.toString(), context.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(build.code()).as(build.tail()).isZero();
        Pattern output = Pattern.compile("^#\\d+ \\d+\\.\\d+ line-\\d+ x+$");
        long lines = 0;
        boolean end = false;
        try (BufferedReader r = Files.newBufferedReader(build.err(), StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines += output.matcher(line).matches() ? 1 : 0;
                end |= line.endsWith(" END-OF-OUTPUT");
            }
        }
        System.out.printf("bounded: a RUN printed %d MiB (%d lines) through the plain progress in %.1f s with %s%n",
                OUTPUT_MIB, lines, seconds, HEAP);
        assertThat(lines).isEqualTo((long) OUTPUT_MIB * LINES_PER_MIB);
        assertThat(end).isTrue();
    }

    @Test
    void aThousandInstructions() throws Exception {
        Path root = storeWithBusybox();
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("f.txt"), "f\n");
        StringBuilder dockerfile = new StringBuilder("FROM busybox\n");
        for (int i = 1; i < 1_000; i++) {
            // mostly config-only steps: a layer per instruction would test the overlay stack instead
            dockerfile.append(switch (i % 5) {
                case 0 -> i % 100 == 0 ? "RUN echo " + i + " >> /runs\n" : "LABEL l" + i + "=" + i + "\n";
                case 1 -> "ENV V" + i + "=" + i + "\n";
                case 2 -> "ARG A" + i + "=" + i + "\n";
                case 3 -> "WORKDIR /w\n";
                default -> i % 40 == 4 ? "COPY f.txt /c/" + i + "\n" : "EXPOSE " + (1_000 + i) + "\n";
            });
        }
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        CliRun build = CliRun.run("", "build", "--root", root.toString(), "-t", "many:1", context.toString());
        assertThat(build.code()).as(build.err()).isZero();
        CliRun again = CliRun.run("", "build", "--root", root.toString(), "-t", "many:1", context.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err().lines().filter(l -> l.endsWith(" CACHED")).count()).as("the RUN, COPY and WORKDIR steps")
                .isGreaterThanOrEqualTo(36);

        Store store = Store.open(root);
        Descriptor image = store.tags().resolve("docker.io/library/many:1");
        ImageManifest manifest = OciJson.readImageManifest(store.blobs().read(image.digest()), "many:1").value();
        ImageConfig config = OciJson.readConfig(store.blobs().read(manifest.config().digest())).value();
        assertThat(config.history()).as("one entry per instruction, the base's included").hasSize(1_000);
        assertThat(config.config().env()).hasSizeGreaterThan(200);
    }

    private Path storeWithBusybox() throws IOException {
        BusyboxImage.assumeRunnable();
        Path root = dir.resolve("store");
        BusyboxImage.create(Store.open(root), dir.resolve("image"), BusyboxImage.NAME);
        return root;
    }

    /** What a CLI subprocess left: its exit code and its standard error, in a file. */
    /** The CLI as its own JVM with the small heap. */
    private SmallHeapCli cli(String... args) throws IOException, InterruptedException {
        return SmallHeapCli.run(dir, HEAP, LONG ? 120 : 30, args);
    }
}
