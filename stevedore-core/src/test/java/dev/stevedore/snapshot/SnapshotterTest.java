package dev.stevedore.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.ConflictException;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.oci.Compression;
import dev.stevedore.layer.Layer;
import dev.stevedore.layer.LayerOptions;
import dev.stevedore.linux.FileCalls;
import dev.stevedore.linux.Mounts;
import dev.stevedore.oci.Digest;
import dev.stevedore.snapshot.TestLayers.StoredLayer;
import dev.stevedore.store.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshotter against real overlay mounts; needs root. */
class SnapshotterTest extends SnapshotFixture {

    @Test
    void aLayerIsExtractedOnceIntoAShortIdDirectory() throws IOException {
        StoredLayer layer = TestLayers.put(store, "d etc/", "f etc/hostname box");
        Snapshot first = ensure(layer);
        Snapshot second = ensure(layer);

        assertThat(second).isEqualTo(first);
        assertThat(snapshotter.extractions()).isEqualTo(1);
        assertThat(first.id()).isEqualTo("1");
        assertThat(first.directory()).isEqualTo(snapshots().resolve("1/fs"));
        assertThat(first.directory().resolve("etc/hostname")).hasContent("box");
        assertThat(snapshotter.get(layer.diffId())).contains(first);
        assertThat(entries(snapshots().resolve("tmp"))).isEmpty();
    }

    @Test
    void concurrentEnsuresExtractOnce() throws Exception {
        StoredLayer layer = TestLayers.put(store, "f big " + "x".repeat(1_000_000));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Snapshot>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return ensure(layer);
                }));
            }
            start.countDown();
            Snapshot first = results.getFirst().get();
            for (Future<Snapshot> r : results) {
                assertThat(r.get()).isEqualTo(first);
            }
        }
        assertThat(snapshotter.extractions()).isEqualTo(1);
        assertThat(snapshotDirs()).containsExactly("1");
    }

    /** Layer 1 files, layer 2 deletes one (whiteout) and adds to opq/, layer 3 makes opq/ opaque. */
    private List<Snapshot> threeLayers() {
        Snapshot l1 = ensure(TestLayers.put(store, "d a/", "f a/keep 1", "f a/gone 1", "d opq/", "f opq/from1 1"));
        Snapshot l2 = ensure(TestLayers.put(store, "d a/", "f a/.wh.gone", "f a/two 2", "d opq/", "f opq/from2 2"));
        Snapshot l3 = ensure(TestLayers.put(store, "d opq/", "f opq/.wh..wh..opq", "f opq/from3 3", "f three 3"));
        return List.of(l3, l2, l1);
    }

    @Test
    void aPreparedStackShowsAllLayersWithWhiteoutsAndOpaqueDirsHonoured() throws IOException {
        try (Active active = snapshotter.prepare(threeLayers())) {
            assertThat(MountTable.isMounted(active.merged())).isTrue();
            assertThat(tree(active.merged())).containsExactly("a", "a/keep", "a/two", "opq", "opq/from3", "three");
            assertThat(active.merged().resolve("a/keep")).hasContent("1");
        }
    }

    @Test
    void changesThroughTheMountBecomeExactlyTheLayerAndTheCommittedSnapshot() throws IOException {
        List<Snapshot> lowers = threeLayers();
        Layer layer;
        byte[] tar;
        Snapshot committed;
        try (Active active = snapshotter.prepare(lowers)) {
            Path m = active.merged();
            Files.writeString(m.resolve("new"), "new");
            Files.delete(m.resolve("a/keep"));
            Files.writeString(m.resolve("three"), "modified");
            FileCalls.chmod(m.resolve("a/two"), 0600);
            FileCalls.lchown(m.resolve("opq/from3"), 1000, 1001);
            Files.createLink(m.resolve("hard"), m.resolve("new"));
            Files.createSymbolicLink(m.resolve("sym"), Path.of("three"));
            var out = new ByteArrayOutputStream();
            layer = active.diff(out, LayerOptions.defaults().withCompression(Compression.NONE));
            tar = out.toByteArray();
            assertThat(MountTable.isMounted(active.merged())).isFalse();
            committed = active.commit(layer.diffId());
        }
        assertThat(TestLayers.members(tar)).containsExactly(
                "d a/ 755 0:0",
                "f a/.wh.keep 0 0:0",
                "f a/two 600 0:0 2",
                "f hard 644 0:0 new",
                "h new => hard",
                "d opq/ 755 0:0",
                "f opq/from3 644 1000:1001 3",
                "l sym -> three",
                "f three 644 0:0 modified");
        assertThat(committed.key()).isEqualTo(layer.diffId());
        assertThat(entries(snapshots().resolve("active"))).isEmpty();

        List<Snapshot> stacked = new ArrayList<>(List.of(committed));
        stacked.addAll(lowers);
        try (View view = snapshotter.view(stacked)) {
            Path r = view.root();
            assertThat(tree(r)).containsExactly("a", "a/two", "hard", "new", "opq", "opq/from3", "sym", "three");
            assertThat(r.resolve("three")).hasContent("modified");
            assertThat(Files.readSymbolicLink(r.resolve("sym"))).isEqualTo(Path.of("three"));
            assertThat(Files.getAttribute(r.resolve("hard"), "unix:ino"))
                    .isEqualTo(Files.getAttribute(r.resolve("new"), "unix:ino"));
            assertThat(Files.getAttribute(r.resolve("a/two"), "unix:mode")).isEqualTo(0100600);
            assertThat(Files.getAttribute(r.resolve("opq/from3"), "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1000);
            assertThatThrownBy(() -> Files.writeString(r.resolve("x"), "x")).isInstanceOf(IOException.class);
        }
    }

    /** The same layer twice in one stack (the same COPY twice) mounts; overlay alone would refuse it with ELOOP. */
    @Test
    void aLayerTwiceInAStackMountsAsItsTopmostOccurrence() throws IOException {
        List<Snapshot> three = threeLayers();
        Snapshot l1 = three.get(2);
        List<Snapshot> stack = new ArrayList<>(List.of(l1));
        stack.addAll(three);
        try (View view = snapshotter.view(stack)) {
            assertThat(tree(view.root())).as("l1 on top again: a/gone is back, opq/ merges l1 over l3")
                    .containsExactly("a", "a/gone", "a/keep", "a/two", "opq", "opq/from1", "opq/from3", "three");
        }
        try (Active active = snapshotter.prepare(stack)) {
            Files.writeString(active.merged().resolve("new"), "new");
            assertThat(tree(active.merged())).contains("a/gone", "new");
        }
    }
}
