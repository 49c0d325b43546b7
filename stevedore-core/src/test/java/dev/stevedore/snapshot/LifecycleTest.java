package dev.stevedore.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.ConflictException;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.linux.Mounts;
import dev.stevedore.oci.Digest;
import dev.stevedore.snapshot.TestLayers.StoredLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Abort, crash recovery, removal and prune, broken blobs, usage. */
class LifecycleTest extends SnapshotFixture {

    @Test
    void abortLeavesNoMountAndNoDirectory() throws IOException {
        Snapshot base = ensure(TestLayers.put(store, "f base 1"));
        Active active = snapshotter.prepare(List.of(base));
        Path merged = active.merged();
        Files.writeString(merged.resolve("scratch"), "x");
        active.abort();

        assertThat(MountTable.mountPoints()).doesNotContain(merged.toString());
        assertThat(entries(snapshots().resolve("active"))).isEmpty();
        assertThat(base.directory().resolve("scratch")).doesNotExist();
        active.close(); // harmless after abort
        assertThatThrownBy(() -> active.commit(Digest.sha256(new byte[0])))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already committed or aborted");
    }

    @Test
    void aScratchStackCanBePreparedAndViewed() throws IOException {
        try (Active active = snapshotter.prepare(List.of())) {
            Files.writeString(active.merged().resolve("only"), "x");
            assertThat(tree(active.upper())).containsExactly("only");
        }
        try (View view = snapshotter.view(List.of())) {
            assertThat(tree(view.root())).isEmpty();
        }
    }

    /** A dead process's pid: one that ran and exited. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void cleanupStaleUnmountsAndRemovesWhatADeadProcessLeft() throws Exception {
        Snapshot base = ensure(TestLayers.put(store, "f base 1"));
        long dead = deadPid();
        // What a killed process leaves: its mount with its record, a half extraction, an orphan dir.
        Path stale = Files.createDirectories(snapshots().resolve("active/" + dead + "-abcd"));
        Files.writeString(stale.resolve("owner"), dead + " 1\n");
        Files.writeString(stale.resolve("lowers"), base.id() + "\n");
        for (String d : List.of("upper", "work", "merged")) {
            Files.createDirectory(stale.resolve(d));
        }
        Mounts.mount("overlay", stale.resolve("merged"), "overlay", 0, new OverlayOptions(
                List.of(base.directory()), stale.resolve("upper"), stale.resolve("work")).text());
        Files.createDirectories(snapshots().resolve("tmp/x-" + dead + "-efgh/fs/usr"));
        Path mine = Files.createDirectories(snapshots().resolve("tmp/x-" + ProcessHandle.current().pid() + "-ijkl"));
        Files.createDirectories(snapshots().resolve("99/fs"));
        assertThat(MountTable.isMounted(stale.resolve("merged"))).isTrue();

        assertThatThrownBy(() -> snapshotter.remove(base.key())).isInstanceOf(ConflictException.class);
        snapshotter.cleanupStale();

        assertThat(MountTable.mountPoints()).noneMatch(m -> m.contains(dead + "-abcd"));
        assertThat(entries(snapshots().resolve("active"))).isEmpty();
        assertThat(entries(snapshots().resolve("tmp"))).containsExactly(mine.getFileName().toString());
        assertThat(snapshotDirs()).containsExactly(base.id());
        assertThat(base.directory().resolve("base")).hasContent("1");
        snapshotter.remove(base.key()); // no longer referenced by the dead mount
    }

    /**
     * Every tree that goes (a snapshot removed or pruned, the upper dir of a commit that lost to
     * an existing snapshot, an orphan snapshot dir) is renamed into {@code tmp/} under the catalog
     * lock and deleted after it is released, so deleting a large tree never blocks other builds.
     */
    @Test
    void largeTreesAreDeletedOutsideTheCatalogLock() throws IOException {
        List<String> deleted = new java.util.ArrayList<>();
        List<Boolean> lockFree = new java.util.ArrayList<>();
        snapshotter.deleteTrashWith(trash -> {
            deleted.add(snapshots().relativize(trash).toString().replaceAll("-\\d+-\\w{4}", "-PID-RAND"));
            lockFree.add(lockFreeForAnotherThread());
            try {
                dev.stevedore.fs.FileTrees.delete(trash);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Snapshot base = ensure(TestLayers.put(store, "f base 1"));
        Digest key = Digest.sha256(new byte[] {4});
        for (String content : List.of("1", "2")) {
            try (Active active = snapshotter.prepare(List.of(base))) {
                Files.writeString(active.merged().resolve("f"), content);
                active.commit(key); // the second loses to the first
            }
        }
        Files.createDirectories(snapshots().resolve("99/fs")); // an orphan, as a crash mid-commit leaves
        snapshotter.cleanupStale();
        snapshotter.remove(key);

        assertThat(deleted).containsExactly("tmp/rm-PID-RANDupper", "tmp/rm-PID-RAND99", "tmp/rm-PID-RAND2");
        assertThat(lockFree).containsOnly(true);
        assertThat(entries(snapshots().resolve("tmp"))).isEmpty();
    }

    private boolean lockFreeForAnotherThread() {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            var held = dev.stevedore.fs.LockFile.of(snapshots().resolve("lock")).tryExclusive();
            held.ifPresent(dev.stevedore.fs.LockFile.Held::close);
            return held.isPresent();
        }, Thread::startVirtualThread).join();
    }

    /**
     * Large trees are renamed to {@code tmp/rm-<pid>-…} under the catalog lock and deleted after
     * it: a process killed in between leaves one, which is no problem for fsck and is gone after
     * the next command's cleanup.
     */
    @Test
    void theTrashOfAKilledDeleteIsNoFsckProblemAndTheNextCleanupDeletesIt() throws Exception {
        Snapshot base = ensure(TestLayers.put(store, "f base 1"));
        Path trash = Files.createDirectories(snapshots().resolve("tmp/rm-" + deadPid() + "-abcd7/fs/usr/lib"));
        Files.writeString(trash.resolve("big"), "x".repeat(100_000));

        assertThat(store.fsck(false).problems()).isEmpty();
        snapshotter.cleanupStale();

        assertThat(entries(snapshots().resolve("tmp"))).isEmpty();
        assertThat(snapshotDirs()).containsExactly(base.id());
        assertThat(store.fsck(false).problems()).isEmpty();
    }

    @Test
    void cleanupStaleKeepsTheMountsOfLiveProcesses() {
        Snapshot base = ensure(TestLayers.put(store, "f base 1"));
        try (Active active = snapshotter.prepare(List.of(base))) {
            snapshotter.cleanupStale();
            assertThat(MountTable.isMounted(active.merged())).isTrue();
        }
    }

    @Test
    void removeRefusesASnapshotAMountUsesAndNamesTheMount() {
        Snapshot base = ensure(TestLayers.put(store, "f base 1"));
        try (View view = snapshotter.view(List.of(base))) {
            assertThatThrownBy(() -> snapshotter.remove(base.key()))
                    .isInstanceOf(ConflictException.class)
                    .hasMessage("snapshot of " + base.key() + " (id " + base.id() + ") is in use by the mount "
                            + view.root());
        }
        snapshotter.remove(base.key());
        assertThat(snapshotter.get(base.key())).isEmpty();
        assertThat(base.directory()).doesNotExist();
        assertThatThrownBy(() -> snapshotter.remove(base.key()))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("no snapshot of " + base.key() + " in " + snapshots());
    }

    @Test
    void pruneKeepsWhatTheCallerNamesAndWhatMountsUse() throws IOException {
        Snapshot kept = ensure(TestLayers.put(store, "f kept 1"));
        Snapshot mounted = ensure(TestLayers.put(store, "f mounted 22"));
        Snapshot unused = ensure(TestLayers.put(store, "f unused 333"));
        SnapshotPruneResult result;
        try (Active active = snapshotter.prepare(List.of(mounted))) {
            result = snapshotter.prune(Set.of(kept.key()));
        }
        assertThat(result.removed()).containsExactly(unused.key());
        assertThat(result.bytesFreed()).isEqualTo(3);
        assertThat(snapshotDirs()).containsExactlyInAnyOrder(kept.id(), mounted.id());
        assertThat(entries(snapshots().resolve("tmp"))).isEmpty();

        assertThat(snapshotter.prune(Set.of()).removed()).containsExactlyInAnyOrder(kept.key(), mounted.key());
        assertThat(snapshotDirs()).isEmpty();
        assertThat(snapshotter.usage().snapshots()).isEmpty();
    }

    @Test
    void aTruncatedBlobIsAnErrorNamingItAndLeavesNothing() throws IOException {
        StoredLayer layer = TestLayers.put(store, "d usr/", "f usr/file " + "y".repeat(10_000));
        Path file = store.ociLayout().resolve("blobs/sha256/" + layer.blob().digest().hex());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> ensure(layer))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("cannot extract layer " + layer.blob().digest() + ": ");
        assertNothingLeft(layer.diffId());
    }

    @Test
    void aCorruptBlobWithAValidTarIsCaughtByItsDigest() throws IOException {
        StoredLayer layer = TestLayers.put(store, "f a 1");
        Path file = store.ociLayout().resolve("blobs/sha256/" + layer.blob().digest().hex());
        byte[] other = TestLayers.gzip(TestLayers.tar("f a 2"));
        Files.write(file, other);

        assertThatThrownBy(() -> ensure(layer))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("layer blob " + layer.blob().digest() + " is corrupt: its content has digest "
                        + Digest.sha256(other));
        assertNothingLeft(layer.diffId());
    }

    @Test
    void aDiffIdMismatchIsAnErrorAndNothingIsKept() throws IOException {
        StoredLayer layer = TestLayers.put(store, "f a 1");
        Digest wrong = Digest.sha256(new byte[] {1});
        assertThatThrownBy(() -> snapshotter.ensure(layer.blob(), wrong))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("layer " + layer.blob().digest() + " has diffID " + layer.diffId()
                        + ", but the image config says " + wrong);
        assertNothingLeft(wrong);
    }

    @Test
    void aMissingBlobIsNotFound() {
        StoredLayer layer = TestLayers.put(store, "f a 1");
        StoredLayer absent = new StoredLayer(new dev.stevedore.oci.Descriptor(layer.blob().mediaType(),
                Digest.sha256(new byte[] {9}), 1), layer.diffId());
        assertThatThrownBy(() -> ensure(absent))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("blob " + absent.blob().digest() + " not found");
    }

    private void assertNothingLeft(Digest key) throws IOException {
        assertThat(snapshotDirs()).isEmpty();
        assertThat(entries(snapshots().resolve("tmp"))).isEmpty();
        assertThat(snapshotter.get(key)).isEmpty();
    }

    @Test
    void usageCountsEachSnapshotAndTheirTotal() throws IOException {
        Snapshot a = ensure(TestLayers.put(store, "d d/", "f d/x 12345", "f y 1"));
        Snapshot b;
        try (Active active = snapshotter.prepare(List.of(a))) {
            Files.writeString(active.merged().resolve("z"), "1234567");
            Files.createLink(active.merged().resolve("z2"), active.merged().resolve("z"));
            b = active.commit(Digest.sha256(new byte[] {2}));
        }
        Usage usage = snapshotter.usage();
        assertThat(usage.snapshots()).extracting(u -> u.snapshot().id(), SnapshotUsage::bytes)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(a.id(), 6L),
                        org.assertj.core.groups.Tuple.tuple(b.id(), 7L));
        assertThat(usage.totalBytes()).isEqualTo(13);
        assertThat(usage.snapshots()).allSatisfy(u -> {
            assertThat(u.created()).isEqualTo(NOW);
            assertThat(u.lastUsed()).isEqualTo(NOW);
            assertThat(u.flattened()).isFalse();
        });
    }

    @Test
    void committingALayerThatExistsKeepsTheFirstSnapshot() throws IOException {
        Snapshot base = ensure(TestLayers.put(store, "f base 1"));
        Digest key = Digest.sha256(new byte[] {3});
        Snapshot first;
        try (Active one = snapshotter.prepare(List.of(base))) {
            Files.writeString(one.merged().resolve("f"), "1");
            first = one.commit(key);
        }
        try (Active two = snapshotter.prepare(List.of(base))) {
            Files.writeString(two.merged().resolve("f"), "2");
            assertThat(two.commit(key)).isEqualTo(first);
        }
        assertThat(first.directory().resolve("f")).hasContent("1");
        assertThat(snapshotDirs()).containsExactlyInAnyOrder(base.id(), first.id());
        assertThat(entries(snapshots().resolve("active"))).isEmpty();
        assertThat(entries(snapshots().resolve("tmp"))).as("the losing upper dir, trashed and deleted").isEmpty();
    }
}
