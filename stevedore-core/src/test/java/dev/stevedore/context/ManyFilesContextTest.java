package dev.stevedore.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A context of very many empty files (the had a million, to be built in 256 MB) is
 * selected and hashed for a COPY's cache key in a child JVM whose heap is that proportion:
 * 120,000 files in {@code -Xmx32m}, about 260 bytes a file. Before, every file cost a stat-cache
 * entry (its path, its stat, its hash as 64 hex characters), the cache was copied whole in memory
 * to be saved, and each selected entry held its path three times: about 360 bytes a file. Now
 * empty files need no hash remembered, the cache keeps hashes as bytes and streams to disk, and
 * an entry holds its host path and destination: about 180 bytes a file, which is what a COPY
 * still keeps (its key needs every entry). The heap is the measure, not the time.
 */
class ManyFilesContextTest {

    private static final int FILES = Integer.getInteger("stevedore.manyfiles", 120_000);
    private static final String HEAP = "-Xmx" + Math.max(32, FILES * 260L / (1 << 20)) + "m";

    @TempDir
    Path tmp;

    @Test
    void aContextOfManyEmptyFilesIsSelectedAndHashedInAProportionalHeap() throws Exception {
        Path log = tmp.resolve("child.log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
                "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                ManyFilesContext.class.getName(), tmp.toString(), Integer.toString(FILES));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = child.waitFor(15, TimeUnit.MINUTES); // a hang guard only
        if (!ended) {
            child.destroyForcibly();
        }
        String output = Files.readString(log);

        assertThat(ended).as("the child ended").isTrue();
        assertThat(output).doesNotContain("OutOfMemoryError");
        assertThat(child.exitValue()).as(output).isZero();
        int directories = (FILES + ManyFilesContext.PER_DIRECTORY - 1) / ManyFilesContext.PER_DIRECTORY;
        assertThat(output).contains("hashed " + (FILES + directories + 1) + " entries"); // and the Dockerfile
    }
}
