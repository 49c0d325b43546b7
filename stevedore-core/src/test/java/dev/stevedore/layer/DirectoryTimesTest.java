package dev.stevedore.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.archive.TarEntry;
import dev.stevedore.archive.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The applier sets a directory's times as it leaves it, keeping state only for the directories on
 * the way to the current member (see {@link ManyFilesLayerTest} for a layer of many directories).
 * These layers come out of order, as a hostile or hand-made tar may: a member put into a directory
 * the walk has already left, or into a directory of a lower layer, must not leave that directory
 * with the time of the moment it was applied.
 */
class DirectoryTimesTest {

    private static final Instant LOWER = Instant.parse("2019-05-06T07:08:09Z");

    @TempDir
    Path root;

    @ParameterizedTest
    @EnumSource(value = Whiteouts.class, names = {"OVERLAY", "DELETE"})
    void aDirectoryKeepsItsTimeWhenTheLayerComesBackToIt(Whiteouts whiteouts) throws IOException {
        Path lower = Files.createDirectory(root.resolve("lower"));
        Files.writeString(lower.resolve("gone"), "x");
        Files.setLastModifiedTime(lower, FileTime.from(LOWER));

        var tar = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(tar);
        w.write(directory("a/"), InputStream.nullInputStream());
        w.write(directory("a/b/"), InputStream.nullInputStream());
        w.write(directory("c/"), InputStream.nullInputStream());
        w.write(file("a/late"), InputStream.nullInputStream()); // back into a, left for c
        w.write(file("a/b/later"), InputStream.nullInputStream());
        w.write(file("lower/new"), InputStream.nullInputStream()); // into a directory of a lower layer
        w.write(file("lower/.wh.gone"), InputStream.nullInputStream());
        w.finish();
        LayerApplier.apply(new ByteArrayInputStream(tar.toByteArray()), root, whiteouts);

        assertThat(Files.exists(root.resolve("a/b/later"))).isTrue();
        assertThat(Trees.directoryTimes(root)).containsEntry("a", Trees.T1.getEpochSecond())
                .containsEntry("a/b", Trees.T1.getEpochSecond()).containsEntry("c", Trees.T1.getEpochSecond())
                .containsEntry("lower", LOWER.getEpochSecond());
    }

    private static TarEntry directory(String name) {
        return new TarEntry(name, TarEntry.Type.DIRECTORY, 0755, 0, 0, 0, Trees.T1, "", 0, 0, Map.of());
    }

    private static TarEntry file(String name) {
        return new TarEntry(name, TarEntry.Type.FILE, 0644, 0, 0, 0, Trees.T2, "", 0, 0, Map.of());
    }
}
