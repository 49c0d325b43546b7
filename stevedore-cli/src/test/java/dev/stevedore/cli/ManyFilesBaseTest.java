package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.store.Store;
import dev.stevedore.testing.BusyboxImage;
import dev.stevedore.testing.ManyMembersTar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: "a layer of 1,000,000 empty files needs 2.9 GB of heap to build on". A base image
 * whose top layer holds very many empty files (generated here, streamed into the store) is built
 * on, {@code FROM} it a RUN and a COPY, by the CLI in a JVM of its own with a small heap, and its
 * file system written out with {@code -o type=local} (every layer flattened into a directory).
 * The normal run is 100,000 files under {@code -Xmx64m} (the cost, about 2.9 KB a file,
 * would be 290 MB); {@code -Dstevedore.manyfiles.base=1000000} runs the million under
 * {@code -Xmx256m}. The heap is the measure, not the time.
 */
class ManyFilesBaseTest {

    private static final int FILES = Integer.getInteger("stevedore.manyfiles.base", 100_000);
    private static final String HEAP = FILES > 100_000 ? "-Xmx256m" : "-Xmx64m";

    @TempDir
    Path dir;

    @Test
    void anImageOfManyEmptyFilesIsBuiltOnAndExportedInASmallHeap() throws Exception {
        BusyboxImage.assumeRunnable();
        Path root = dir.resolve("store");
        Path tar = dir.resolve("many.tar");
        ManyMembersTar.write(tar, FILES, false);
        BusyboxImage.withLayerFile(Store.open(root), dir.resolve("image"), "docker.io/library/many:base", tar);
        Files.delete(tar);
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("note.txt"), "copied\n");
        Files.writeString(context.resolve("Dockerfile"), """
                FROM many:base
                RUN test -e /d0/file-0 && echo ran > /ran
                COPY note.txt /note.txt
                """);
        Path out = dir.resolve("out");

        long start = System.nanoTime();
        Path err = cli("build", "--root", root.toString(), "-t", "built:1", "-o", "type=local,dest=" + out,
                context.toString());
        System.out.printf("many files: built on and exported %d files with %s in %.1f s%n", FILES, HEAP,
                (System.nanoTime() - start) / 1e9);

        assertThat(out.resolve("ran")).hasContent("ran");
        assertThat(out.resolve("note.txt")).hasContent("copied");
        try (var files = Files.list(out.resolve("d0"))) {
            assertThat(files.count()).isEqualTo(Math.min(FILES, ManyMembersTar.PER_DIRECTORY));
        }
        assertThat(Store.open(root).tags().resolve("docker.io/library/built:1")).isNotNull();
        assertThat(Files.readString(err, StandardCharsets.UTF_8)).doesNotContain("OutOfMemoryError", "ran out of memory");
        ManyMembersTar.remove(dir); // rm -rf: JUnit's removal, one file at a time, takes minutes here
    }

    /** The CLI as its own JVM with the small heap, which must succeed; the path of its standard error. */
    private Path cli(String... args) throws Exception {
        SmallHeapCli run = SmallHeapCli.run(dir, HEAP, 60, args);
        assertThat(run.code()).as(run.tail()).isZero();
        return run.err();
    }
}
