package dev.stevedore.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A layer of very many empty files (a hostile base image: the had a million) is applied as
 * a snapshot is extracted in a child JVM whose heap holds far less than anything kept per member
 * would need: 200,000 files under {@code -Xmx24m}. Before, the applier remembered every path it
 * created (for opaque whiteouts, which extraction never deletes for) and ran out of memory after
 * about 100,000. The heap is the measure, not the time.
 */
class ManyFilesLayerTest {

    private static final int FILES = Integer.getInteger("stevedore.manyfiles", 200_000);
    private static final String HEAP = "-Xmx24m";

    @TempDir
    Path tmp;

    @Test
    void aLayerOfManyEmptyFilesIsExtractedInASmallHeap() throws Exception {
        Path log = tmp.resolve("child.log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                ManyFilesLayer.class.getName(), tmp.toString(), Integer.toString(FILES));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = child.waitFor(15, TimeUnit.MINUTES); // a hang guard only
        if (!ended) {
            child.destroyForcibly();
        }
        String output = Files.readString(log);

        assertThat(ended).as("the child ended").isTrue();
        assertThat(output).doesNotContain("OutOfMemoryError");
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("applied " + FILES + " files");
        try (var files = Files.list(tmp.resolve("fs/d1"))) {
            assertThat(files.count()).isEqualTo(ManyFilesLayer.PER_DIRECTORY);
        }
    }
}
