package dev.stevedore.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staging files of dead processes (a pull or build killed half-way through a blob): the next
 * command of any kind removes them, as each opens the store, and fsck counts them as removable
 * leftovers, not as problems of a store whose index, tags, blobs and records are whole.
 */
class DeadStagingTest {

    @TempDir
    Path root;

    @Test
    void openingTheStoreRemovesTheStagingFilesOfDeadProcessesOnly() throws Exception {
        Store.open(root);
        long dead = deadPid();
        Path blob = Files.writeString(root.resolve("tmp/blob-" + dead + "-half"), "partial");
        Path file = Files.writeString(root.resolve("tmp/file-" + dead + "-index"), "{");
        Path live = Files.writeString(root.resolve("tmp/blob-" + ProcessHandle.current().pid() + "-live"), "x");
        Path foreign = Files.writeString(root.resolve("tmp/layer-123.tar"), "?");

        Store.open(root);

        assertThat(blob).doesNotExist();
        assertThat(file).doesNotExist();
        assertThat(live).as("a live writer's file").exists();
        assertThat(foreign).as("a file not named as ours, which prune or fsck --repair remove").exists();
    }

    @Test
    void fsckReportsLeftoversAsRemovableNotAsProblemsOfTheStore() throws Exception {
        Store store = Store.open(root);
        TestImage image = TestImage.write(store.blobs(), "a", "1");
        store.tags().tag("a:1", image.manifest());
        Path leftover = Files.writeString(root.resolve("tmp/blob-" + deadPid() + "-half"), "partial");

        FsckReport report = store.fsck(false);

        assertThat(report.isClean()).isTrue();
        assertThat(report.storeProblems()).isEmpty();
        assertThat(report.leftovers()).containsExactly(new FsckProblem.LeftoverFile(leftover));
        assertThat(report.leftovers().getFirst().message()).isEqualTo("leftover file " + leftover
                + " (removable: nothing reads it)");
        assertThat(store.fsck(true).leftovers()).hasSize(1);
        assertThat(leftover).doesNotExist();
    }

    /** The pid of a process that has ended. */
    private static long deadPid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("true").start();
        p.waitFor(10, TimeUnit.SECONDS);
        return p.pid();
    }
}
