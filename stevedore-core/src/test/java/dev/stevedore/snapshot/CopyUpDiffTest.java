package dev.stevedore.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.oci.Compression;
import dev.stevedore.layer.LayerOptions;
import dev.stevedore.linux.FileCalls;
import dev.stevedore.linux.Xattrs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Active#diff} leaves out the directories overlayfs only copied up (as RUN's mount-point
 * stubs cause), keeps the ones whose metadata changed, and writes an unchanged directory when a
 * change below it needs its parent. Real overlay mounts; needs root.
 */
class CopyUpDiffTest extends SnapshotFixture {

    private List<Snapshot> base() {
        Snapshot lower = ensure(TestLayers.put(store, "d etc/", "f etc/passwd root", "d etc/deep/", "d etc/deep/er/",
                "f etc/deep/er/f 1", "d usr/", "d usr/bin/", "f usr/bin/sh sh", "d var/", "d var/a/", "d opt/"));
        Snapshot upper = ensure(TestLayers.put(store, "d opt/", "f opt/x x"));
        return List.of(upper, lower);
    }

    /** What the runtime does for a mount-point stub: create it, remove it, restore the parent's mtime. */
    private static void stubAndRemove(Path file) throws IOException {
        FileTime before = Files.getLastModifiedTime(file.getParent());
        Files.writeString(file, "");
        Files.delete(file);
        Files.setLastModifiedTime(file.getParent(), before);
    }

    private List<String> layer(Active active) throws IOException {
        var out = new ByteArrayOutputStream();
        active.diff(out, LayerOptions.defaults().withCompression(Compression.NONE));
        return TestLayers.members(out.toByteArray());
    }

    @Test
    void directoriesOnlyCopiedUpAreLeftOut() throws IOException {
        try (Active active = snapshotter.prepare(base())) {
            Path m = active.merged();
            stubAndRemove(m.resolve("etc/hosts"));
            stubAndRemove(m.resolve("etc/deep/er/stub"));
            stubAndRemove(m.resolve("opt/stub"));
            assertThat(Files.isDirectory(active.upper().resolve("etc/deep/er"))).isTrue();
            assertThat(Files.isDirectory(active.upper().resolve("opt"))).isTrue();

            assertThat(layer(active)).isEmpty();
        }
    }

    @Test
    void chmodChownTouchAndXattrsOfADirectoryAreKept() throws IOException {
        try (Active active = snapshotter.prepare(base())) {
            Path m = active.merged();
            FileCalls.chmod(m.resolve("var"), 01750);
            FileCalls.lchown(m.resolve("usr/bin"), 7, 8);
            Files.setLastModifiedTime(m.resolve("etc/deep"), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
            Xattrs.set(m.resolve("opt"), "user.tag", "v".getBytes(StandardCharsets.UTF_8));
            stubAndRemove(m.resolve("var/a/stub"));

            assertThat(layer(active)).containsExactly(
                    "d etc/ 755 0:0",
                    "d etc/deep/ 755 0:0",
                    "d opt/ 755 0:0",
                    "d usr/ 755 0:0",
                    "d usr/bin/ 755 7:8",
                    "d var/ 1750 0:0");
        }
    }

    @Test
    void aChangedFileInAnUnchangedDirectoryBringsItsParents() throws IOException {
        try (Active active = snapshotter.prepare(base())) {
            Path m = active.merged();
            Files.writeString(m.resolve("etc/deep/er/f"), "2");
            stubAndRemove(m.resolve("etc/hosts"));
            stubAndRemove(m.resolve("usr/bin/stub"));

            assertThat(layer(active)).containsExactly(
                    "d etc/ 755 0:0",
                    "d etc/deep/ 755 0:0",
                    "d etc/deep/er/ 755 0:0",
                    "f etc/deep/er/f 644 0:0 2");
        }
    }

    @Test
    void aNewFileOrADeletionInADirectoryKeepsTheDirectoryItChanged() throws IOException {
        try (Active active = snapshotter.prepare(base())) {
            Path m = active.merged();
            Files.writeString(m.resolve("etc/deep/er/new"), "n");
            Files.delete(m.resolve("opt/x"));

            assertThat(layer(active)).containsExactly(
                    "d etc/ 755 0:0",
                    "d etc/deep/ 755 0:0",
                    "d etc/deep/er/ 755 0:0",
                    "f etc/deep/er/new 644 0:0 n",
                    "d opt/ 755 0:0",
                    "f opt/.wh.x 0 0:0");
        }
    }

    @Test
    void aDirectoryReplacingALowerFileOrAnOpaqueOneIsAlwaysKept() throws IOException {
        try (Active active = snapshotter.prepare(base())) {
            Path m = active.merged();
            Files.delete(m.resolve("etc/passwd"));
            Files.createDirectory(m.resolve("etc/passwd"));
            FileTime opt = Files.getLastModifiedTime(m.resolve("opt"));
            Files.delete(m.resolve("opt/x"));
            Files.delete(m.resolve("opt"));
            Files.createDirectory(m.resolve("opt"));
            Files.setLastModifiedTime(m.resolve("opt"), opt);

            assertThat(layer(active)).containsExactly(
                    "d etc/ 755 0:0",
                    "d etc/passwd/ 755 0:0",
                    // overlayfs marks a directory made over a whiteout opaque; harmless here
                    "f etc/passwd/.wh..wh..opq 0 0:0",
                    "d opt/ 755 0:0",
                    "f opt/.wh..wh..opq 0 0:0");
        }
    }
}
