package dev.stevedore.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.Compression;
import dev.stevedore.layer.LayerOptions;
import dev.stevedore.linux.FileCalls;
import dev.stevedore.testing.Prerequisites;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The three snapshotters, each forced by {@link SnapshotterKind#ENV}: each mounts (or copies)
 * the same tree, and a step's changes make the same layer members whichever wrote them, so an
 * image's id does not depend on the machine's snapshotter. Needs root (fuse-overlayfs too).
 */
class SnapshotterKindsTest extends SnapshotFixture {

    private Snapshotter forced(SnapshotterKind kind) {
        return Snapshotter.open(store, Clock.fixed(NOW, ZoneOffset.UTC), Map.of(SnapshotterKind.ENV, kind.label()));
    }

    /** A base of two layers, the upper one deleting a file and replacing a directory (opaque) of the lower. */
    private List<Snapshot> base(Snapshotter s) {
        var lower = TestLayers.put(store, "d etc/", "f etc/passwd root", "f etc/gone x", "d opt/", "f opt/old o",
                "d usr/", "d usr/bin/", "f usr/bin/sh sh", "l usr/bin/ls sh", "f keep k");
        var top = TestLayers.put(store, "f etc/.wh.gone ", "d opt/", "f opt/.wh..wh..opq ", "f opt/new n");
        return List.of(s.ensure(top.blob(), top.diffId()), s.ensure(lower.blob(), lower.diffId()));
    }

    private static List<String> layer(Active active) throws IOException {
        var out = new ByteArrayOutputStream();
        active.diff(out, LayerOptions.defaults().withCompression(Compression.NONE));
        return TestLayers.members(out.toByteArray());
    }

    @ParameterizedTest
    @EnumSource(SnapshotterKind.class)
    void eachKindShowsTheStackAndWritesTheSameLayer(SnapshotterKind kind) throws IOException {
        if (kind == SnapshotterKind.FUSE_OVERLAYFS) {
            Prerequisites.tool("fuse-overlayfs");
        }
        Snapshotter s = forced(kind);
        assertThat(s.kind()).isEqualTo(kind);
        try (Active active = s.prepare(base(s))) {
            Path m = active.merged();
            assertThat(fileSystem(m)).isEqualTo(switch (kind) {
                case OVERLAYFS -> Optional.of("overlay");
                case FUSE_OVERLAYFS -> Optional.of("fuse.fuse-overlayfs");
                case NATIVE -> Optional.<String>empty();
            });
            assertThat(Files.exists(m.resolve("etc/gone"))).isFalse();
            assertThat(Files.exists(m.resolve("opt/old"))).isFalse();
            assertThat(m.resolve("opt/new")).hasContent("n");

            Files.writeString(m.resolve("etc/passwd"), "root:x:0:0\n");
            Files.delete(m.resolve("keep"));
            Files.createDirectories(m.resolve("srv/data"));
            Files.writeString(m.resolve("srv/data/f"), "f");
            FileCalls.lchown(m.resolve("srv/data/f"), 33, 44);
            FileCalls.chmod(m.resolve("usr/bin"), 0700);
            Files.createLink(m.resolve("usr/bin/sh2"), m.resolve("usr/bin/sh"));
            Files.delete(m.resolve("usr/bin/ls"));
            Files.createSymbolicLink(m.resolve("usr/bin/ls"), Path.of("sh2"));
            for (Path p : List.of(m.resolve("etc"), m.resolve("usr/bin"), m.resolve("usr/bin/ls"), m.resolve("srv"),
                    m.resolve("srv/data"), m.resolve("srv/data/f"), m.resolve("etc/passwd"), m)) {
                FileCalls.lutimes(p, NOW, NOW);
            }

            assertThat(layer(active)).containsExactly(
                    "d etc/ 755 0:0",
                    "f etc/passwd 644 0:0 root:x:0:0",
                    "f .wh.keep 0 0:0",
                    "d srv/ 755 0:0", // not opaque, though fuse-overlayfs marks every directory it makes
                    "d srv/data/ 755 0:0",
                    "f srv/data/f 644 33:44 f",
                    "d usr/ 755 0:0",
                    "d usr/bin/ 700 0:0",
                    "l usr/bin/ls -> sh2",
                    "f usr/bin/sh 644 0:0 sh", // a new hard link copies its file up
                    "h usr/bin/sh2 => usr/bin/sh");
        }
    }

    @Test
    void anUnknownKindIsNamed() {
        assertThatThrownBy(() -> SnapshotterKind.forced(Map.of(SnapshotterKind.ENV, "zfs")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("STEVEDORE_SNAPSHOTTER=zfs names no snapshotter (choose one of overlayfs, fuse-overlayfs, native)");
    }

    @Test
    void withNothingForcedTheFirstThatMountsIsChosenAndSaysWhy() {
        SnapshotterChoice choice = SnapshotterChoice.choose(Map.of(), store.tmpDirectory());
        assertThat(choice.kind()).isEqualTo(SnapshotterKind.OVERLAYFS); // root on this kernel
        assertThat(choice.describe()).isEqualTo("overlayfs");
        assertThat(SnapshotterChoice.choose(Map.of(SnapshotterKind.ENV, "native"), store.tmpDirectory()).describe())
                .isEqualTo("native (a copy of the layers per step: slow, but needs no mount), forced by STEVEDORE_SNAPSHOTTER");
    }

    /** The file system type mounted at {@code path}, from mountinfo (after the " - " separator). */
    private static Optional<String> fileSystem(Path path) throws IOException {
        String real = path.toRealPath().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            if (MountTable.unescape(f[4]).equals(real)) {
                return Optional.of(line.substring(line.indexOf(" - ") + 3).split(" ")[0]);
            }
        }
        return Optional.empty();
    }
}
