package dev.stevedore.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.testing.ManyMembersTar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A layer of very many empty members (a hostile base image: the had a million files) is
 * applied in a child JVM whose heap holds far less than anything kept per member would need:
 * 200,000 members under {@code -Xmx24m}, as a snapshot is extracted ({@code extract}), as
 * {@code -o type=local} flattens an image ({@code flatten}), and as directories
 * ({@code directories}). Before, the applier remembered every path it created (for opaque
 * whiteouts; about 130 bytes each) and every directory with its time (to set it last), and ran
 * out of memory after about 100,000. Now extraction keeps nothing per member, flattening a
 * 16–32-byte fingerprint, and directories are timed as the walk leaves them. The heap is the
 * measure, not the time.
 */
class ManyFilesLayerTest {

    private static final int FILES = Integer.getInteger("stevedore.manyfiles", 200_000);
    private static final String HEAP = "-Xmx24m";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"extract", "flatten", "directories"})
    void aLayerOfManyEmptyMembersIsAppliedInASmallHeap(String mode) throws Exception {
        Path log = tmp.resolve("child.log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                ManyFilesLayer.class.getName(), tmp.toString(), Integer.toString(FILES), mode);
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
            assertThat(files.count()).isEqualTo(ManyMembersTar.PER_DIRECTORY);
        }
        ManyMembersTar.remove(tmp); // rm -rf: JUnit's removal, one file at a time, takes minutes here
    }
}
