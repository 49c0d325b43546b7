package dev.stevedore.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
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
        Path blob = Files.writeString(root.resolve("tmp/blob-" + dead + "-" + UUID.randomUUID()), "partial");
        Path file = Files.writeString(root.resolve("tmp/file-" + dead + "-" + UUID.randomUUID()), "{");
        Path live = Files.writeString(root.resolve("tmp/blob-" + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID()), "x");
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
        Path leftover = Files.writeString(root.resolve("tmp/blob-" + deadPid() + "-" + UUID.randomUUID()),
                "partial");

        FsckReport report = store.fsck(false);

        assertThat(report.isClean()).isTrue();
        assertThat(report.storeProblems()).isEmpty();
        assertThat(report.leftovers()).containsExactly(new FsckProblem.LeftoverFile(leftover));
        assertThat(report.leftovers().getFirst().message()).isEqualTo("leftover file " + leftover
                + " (removable: nothing reads it)");
        assertThat(store.fsck(true).leftovers()).hasSize(1);
        assertThat(leftover).doesNotExist();
    }

    /**
     * Staging directories (a load's extracted archive, a build's context, an export's root file
     * system) of a killed process go the same way, with what is under them; a live process's
     * stay, and so do directories not named as ours ({@code runtime/}, and {@code <kind>-<uuid>}
     * of older versions, which must never pass for a pid when the UUID starts with digits).
     */
    @Test
    void stagingDirectoriesOfDeadProcessesAreRemovedWithTheirContent() throws Exception {
        Store store = Store.open(root);
        Path dead = Files.createDirectories(root.resolve("tmp/load-" + deadPid() + "-" + UUID.randomUUID()));
        Files.createDirectories(dead.resolve("blobs/sha256"));
        Files.writeString(dead.resolve("blobs/sha256/abc"), "layer bytes");
        Path live = store.stagingDirectory("load");
        Path runtime = Files.createDirectories(root.resolve("tmp/runtime"));
        Path old = Files.createDirectories(root.resolve("tmp/context-12345678-1234-1234-1234-123456789abc"));

        assertThat(live.getFileName().toString()).matches("load-" + ProcessHandle.current().pid() + "-[0-9a-f-]{36}");
        assertThat(Files.getPosixFilePermissions(live)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        Store.open(root);

        assertThat(dead).doesNotExist();
        assertThat(live).exists();
        assertThat(runtime).exists();
        assertThat(old).exists();

        Path deadAgain = Files.createDirectories(root.resolve("tmp/build-" + deadPid() + "-" + UUID.randomUUID()));
        Files.writeString(deadAgain.resolve("f"), "x");
        FsckReport report = store.fsck(false);
        assertThat(report.isClean()).isTrue();
        assertThat(report.leftovers()).containsExactly(new FsckProblem.LeftoverFile(deadAgain));
        store.fsck(true);
        assertThat(deadAgain).doesNotExist();
        assertThat(live).exists();
    }

    /** The pid of a process that has ended. */
    private static long deadPid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("true").start();
        p.waitFor(10, TimeUnit.SECONDS);
        return p.pid();
    }
}
