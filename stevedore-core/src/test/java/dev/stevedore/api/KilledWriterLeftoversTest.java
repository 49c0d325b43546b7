package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build killed while it writes a layer leaves {@code tmp/blob-PID-…} half-written (found by
 * the crash harness, {@code CrashConsistencyTest}): fsck reports it, and the next build on the
 * store removes it, as it removes the mounts and containers of killed builds.
 */
class KilledWriterLeftoversTest {

    @TempDir
    Path dir;

    @Test
    void theNextBuildRemovesTheHalfWrittenBlobOfAKilledOne() throws Exception {
        BuildHarness h = new BuildHarness(dir);
        Path leftover = Files.createDirectories(h.store.tmpDirectory()).resolve("blob-" + deadPid() + "-half");
        Files.write(leftover, new byte[4096]);
        assertThat(h.store.fsck(false).problems()).hasSize(1);

        h.build("FROM busybox\nENV A=1\n");

        assertThat(leftover).doesNotExist();
        assertThat(h.store.fsck(false).problems()).isEmpty();
    }

    /** The pid of a process that has ended. */
    private static long deadPid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
