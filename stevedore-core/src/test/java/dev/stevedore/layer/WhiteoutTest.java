package dev.stevedore.layer;

import dev.stevedore.oci.Compression;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.archive.TarEntry;
import dev.stevedore.archive.TarReader;
import dev.stevedore.archive.TarWriter;
import dev.stevedore.linux.FileCalls;
import dev.stevedore.linux.Mounts;
import dev.stevedore.linux.Xattrs;
import dev.stevedore.testing.Prerequisites;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhiteoutTest {

    @TempDir
    Path dir;

    @BeforeEach
    void needsRoot() {
        Prerequisites.root();
    }

    /** The member names and types of a layer, in order, read back with our reader. */
    static List<String> members(byte[] blob) throws IOException {
        List<String> names = new ArrayList<>();
        TarReader reader = new TarReader(TarReader.decompressed(new ByteArrayInputStream(blob)));
        for (Optional<TarEntry> e = reader.next(); e.isPresent(); e = reader.next()) {
            names.add(e.get().type() + " " + e.get().name());
        }
        return names;
    }

    /** Lower: a/keep, a/gone, a/dir/x, opq/old1, opq/old2. The layer: whiteouts + opaque dir. */
    private byte[] upperLayer() throws IOException {
        Path upper = Files.createDirectories(dir.resolve("src-upper"));
        Files.createDirectories(upper.resolve("a"));
        FileCalls.mknod(upper.resolve("a/gone"), FileCalls.S_IFCHR, new dev.stevedore.linux.Device(0, 0));
        FileCalls.mknod(upper.resolve("a/dir"), FileCalls.S_IFCHR, new dev.stevedore.linux.Device(0, 0));
        Files.createDirectories(upper.resolve("opq"));
        Xattrs.set(upper.resolve("opq"), "trusted.overlay.opaque", new byte[] {'y'});
        Files.writeString(upper.resolve("opq/new"), "new");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OverlayDiffer.diff(upper, out, LayerOptions.defaults());
        return out.toByteArray();
    }

    private Path lower(String name) throws IOException {
        Path lower = Files.createDirectories(dir.resolve(name));
        Trees.write(lower.resolve("a/keep"), "keep");
        Trees.write(lower.resolve("a/gone"), "gone");
        Trees.write(lower.resolve("a/dir/x"), "x");
        Trees.write(lower.resolve("opq/old1"), "old");
        Trees.write(lower.resolve("opq/old2"), "old");
        return lower;
    }

    @Test
    void theDifferWritesOciWhiteouts() throws IOException {
        assertThat(members(upperLayer())).containsExactly(
                "DIRECTORY a/", "FILE a/.wh.dir", "FILE a/.wh.gone",
                "DIRECTORY opq/", "FILE opq/.wh..wh..opq", "FILE opq/new");
    }

    @Test
    void deleteModeRemovesWhatWhiteoutsName() throws IOException {
        Path root = lower("plain");
        LayerApplier.apply(new ByteArrayInputStream(upperLayer()), root, Whiteouts.DELETE);
        assertThat(Trees.describe(root).keySet()).containsExactly("a", "a/keep", "opq", "opq/new");
    }

    @Test
    void overlayModeWritesOverlayWhiteoutsThatAMountHonours() throws IOException {
        Path lower = lower("lower");
        Path snapshot = Files.createDirectories(dir.resolve("snapshot"));
        LayerApplier.apply(new ByteArrayInputStream(upperLayer()), snapshot, Whiteouts.OVERLAY);
        assertThat(Trees.describe(snapshot).get("a/gone")).startsWith("20000 0:0 ").contains("dev Device[major=0, minor=0]");
        assertThat(Xattrs.get(snapshot.resolve("opq"), "trusted.overlay.opaque")).hasValueSatisfying(v -> assertThat(v).containsExactly('y'));
        assertThat(snapshot.resolve("opq/.wh..wh..opq")).doesNotExist();

        Path merged = Files.createDirectories(dir.resolve("merged"));
        Mounts.mount("overlay", merged, "overlay", Mounts.MS_RDONLY, "lowerdir=" + snapshot + ":" + lower);
        try {
            assertThat(Trees.describe(merged).keySet()).containsExactly("a", "a/keep", "opq", "opq/new");
        } finally {
            Mounts.umount2(merged, Mounts.MNT_DETACH);
        }
    }

    @Test
    void theDifferOnARealOverlayMount() throws IOException {
        Path lower = lower("lower");
        Trees.write(lower.resolve("replace-me"), "old");
        Path upper = Files.createDirectories(dir.resolve("upper"));
        Path work = Files.createDirectories(dir.resolve("work"));
        Path merged = Files.createDirectories(dir.resolve("merged"));
        Mounts.mount("overlay", merged, "overlay", 0, "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work);
        try {
            Files.delete(merged.resolve("a/gone"));
            Files.delete(merged.resolve("a/dir/x"));
            Files.delete(merged.resolve("a/dir"));
            Files.writeString(merged.resolve("replace-me"), "new");
            Files.delete(merged.resolve("opq/old1"));
            Files.delete(merged.resolve("opq/old2"));
            Files.delete(merged.resolve("opq"));
            Files.createDirectory(merged.resolve("opq"));
            Files.writeString(merged.resolve("opq/fresh"), "fresh");
            Trees.write(merged.resolve("created/file"), "created");
        } finally {
            Mounts.umount2(merged, 0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Layer layer = OverlayDiffer.diff(upper, out, LayerOptions.defaults().withCompression(Compression.ZSTD));
        assertThat(members(out.toByteArray())).containsExactly(
                "DIRECTORY a/", "FILE a/.wh.dir", "FILE a/.wh.gone",
                "DIRECTORY created/", "FILE created/file",
                "DIRECTORY opq/", "FILE opq/.wh..wh..opq", "FILE opq/fresh",
                "FILE replace-me");

        Path plain = lower("plain");
        Trees.write(plain.resolve("replace-me"), "old");
        assertThat(LayerApplier.apply(new ByteArrayInputStream(out.toByteArray()), plain, Whiteouts.DELETE))
                .isEqualTo(layer.diffId());
        assertThat(Trees.describe(plain).keySet())
                .containsExactly("a", "a/keep", "created", "created/file", "opq", "opq/fresh", "replace-me");
        assertThat(plain.resolve("replace-me")).hasContent("new");
    }

    @Test
    void anOpaqueWhiteoutKeepsWhatTheSameLayerPutThereFirst() throws IOException {
        Path root = lower("plain");
        var tar = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(tar);
        var file = new TarEntry("opq/early", TarEntry.Type.FILE, 0644, 0, 0, 1, Trees.T1, "", 0, 0, java.util.Map.of());
        w.write(file, new ByteArrayInputStream(new byte[] {'e'}));
        w.write(new TarEntry("opq/.wh..wh..opq", TarEntry.Type.FILE, 0, 0, 0, 0, Trees.T1, "", 0, 0, java.util.Map.of()),
                java.io.InputStream.nullInputStream());
        w.finish();
        LayerApplier.apply(new ByteArrayInputStream(tar.toByteArray()), root, Whiteouts.DELETE);
        assertThat(Trees.describe(root).keySet()).contains("opq/early").doesNotContain("opq/old1", "opq/old2");
    }
}
