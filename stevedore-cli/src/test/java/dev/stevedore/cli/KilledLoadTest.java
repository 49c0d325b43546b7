package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.store.Store;
import dev.stevedore.testing.BusyboxImage;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A load killed with SIGKILL half-way through its archive leaves its extracted members in a
 * staging directory of {@code tmp/}; the next command of any kind removes it (it is named by
 * the load's pid), fsck is clean, and the load then succeeds. Needs busybox.
 */
class KilledLoadTest {

    @TempDir
    Path dir;

    @Test
    void aKilledLoadLeavesNothingTheNextCommandDoesNotRemove() throws Exception {
        Path source = dir.resolve("source");
        BusyboxImage.create(Store.open(source), dir.resolve("image"), BusyboxImage.NAME);
        Path archive = dir.resolve("busybox.tar");
        CliRun save = CliRun.run("", "--root", source.toString(), "save", "-o", archive.toString(), "busybox");
        assertThat(save.code()).as(save.err()).isZero();
        byte[] bytes = Files.readAllBytes(archive);

        Path store = dir.resolve("store");
        Store.open(store);
        CliProcess load = CliProcess.start("--root", store.toString(), "load");
        try {
            // half the archive, then nothing: the load is extracting when it is killed
            OutputStream in = load.stdin();
            in.write(bytes, 0, bytes.length / 2);
            in.flush();
            Instant deadline = Instant.now().plusSeconds(120);
            while (extractedFiles(store).isEmpty()) {
                assertThat(load.isAlive()).as("the load ended early: %s", load.err()).isTrue();
                assertThat(Instant.now()).as("the load extracted nothing").isBefore(deadline);
                Thread.sleep(20);
            }
        } finally {
            load.kill();
        }
        List<Path> staging = stagingDirectories(store);
        assertThat(staging).as("the killed load's staging directory").hasSize(1);
        assertThat(staging.getFirst().getFileName().toString()).startsWith("load-" + load.pid() + "-");

        CliRun images = CliRun.run("", "--root", store.toString(), "images");
        assertThat(images.code()).as(images.err()).isZero();
        assertThat(stagingDirectories(store)).as("left after the next command").isEmpty();
        CliRun fsck = CliRun.run("", "--root", store.toString(), "fsck");
        assertThat(fsck.code()).as(fsck.out()).isZero();
        assertThat(fsck.out()).doesNotContain("leftover");

        CliRun again = CliRun.run("", "--root", store.toString(), "load", "-i", archive.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).isEqualTo("Loaded image: busybox:latest\n");
    }

    private static List<Path> stagingDirectories(Path store) throws Exception {
        try (Stream<Path> entries = Files.list(store.resolve("tmp"))) {
            return entries.filter(Files::isDirectory).filter(p -> p.getFileName().toString().startsWith("load-"))
                    .toList();
        }
    }

    private static List<Path> extractedFiles(Path store) throws Exception {
        if (!Files.isDirectory(store.resolve("tmp"))) {
            return List.of();
        }
        List<Path> files = new java.util.ArrayList<>();
        for (Path staging : stagingDirectories(store)) {
            try (Stream<Path> walk = Files.walk(staging)) {
                walk.filter(Files::isRegularFile).forEach(files::add);
            }
        }
        return files;
    }
}
