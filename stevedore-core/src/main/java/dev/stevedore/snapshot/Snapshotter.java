package dev.stevedore.snapshot;

import dev.stevedore.diag.ConflictException;
import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.fs.FileTrees;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.store.Store;
import dev.stevedore.store.StorePrivacy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Extracted layers of a {@link Store}, in {@code ROOT/snapshots/}, on containerd's model.
 *
 * <ol>
 * <li>{@link #ensure}: a layer blob becomes a committed {@link Snapshot}, extracted once ever:
 *     concurrent callers (threads or processes) for one diffID wait for a single extraction,
 *     into a temp dir renamed into place when both digests check out.</li>
 * <li>{@link #prepare}: a stack of snapshots (top first) under a fresh upper dir, mounted as
 *     an overlay: an {@link Active}. A step writes through {@link Active#merged()}.</li>
 * <li>{@link Active#diff} writes the layer from the upper dir; {@link Active#commit} keeps the
 *     upper dir, as it is, as that layer's snapshot; {@link Active#abort} drops it.</li>
 * <li>{@link #view}: a read-only mount of a stack, a {@link View}.</li>
 * <li>{@link #remove} and {@link #prune}: never a snapshot that a mount of a live process uses.</li>
 * </ol>
 *
 * <p>Every mount is recorded on disk before it is made and forgotten only after it is gone,
 * so {@link #cleanupStale()}, called at start, can unmount and remove what a killed process
 * left, along with its half-done extractions.
 *
 * <p>Snapshot directories carry owners, devices and overlay whiteouts: everything but
 * {@link #usage()} needs root. Instances are thread-safe; processes may share a store.
 */
public final class Snapshotter {

    private final Store store;
    private final Catalog catalog;
    private final Stacks stacks;
    /** Extractions this instance made; lets tests see that a layer was extracted once. */
    private final AtomicLong extractions = new AtomicLong();

    private Snapshotter(Store store, Catalog catalog, java.util.Map<String, String> env) {
        this.store = store;
        this.catalog = catalog;
        this.stacks = new Stacks(catalog, () -> SnapshotterChoice.choose(env, store.tmpDirectory()));
    }

    /** The snapshots of {@code store}; times of creation and last use come from the system clock. */
    public static Snapshotter open(Store store) {
        return open(store, Clock.systemUTC());
    }

    /**
     * The snapshots of {@code store} for a command whose environment is {@code env}, which may
     * force the snapshotter ({@link SnapshotterKind#ENV}).
     */
    public static Snapshotter open(Store store, java.util.Map<String, String> env) {
        return open(store, Clock.systemUTC(), env);
    }

    /** The snapshots of {@code store}, with {@code clock} as the source of creation and last-use times. */
    public static Snapshotter open(Store store, Clock clock) {
        return open(store, clock, System.getenv());
    }

    static Snapshotter open(Store store, Clock clock, java.util.Map<String, String> env) {
        Catalog catalog = new Catalog(store.snapshotsDirectory(), clock);
        try {
            for (Path dir : List.of(catalog.tmp(), catalog.active(), catalog.empty())) {
                StorePrivacy.createPrivateDirectories(dir);
            }
        } catch (IOException e) {
            throw new InternalException("cannot create " + catalog.root() + ": " + e.getMessage(), e);
        }
        return new Snapshotter(store, catalog, env);
    }

    /** The snapshot of the layer (or flattened stack) {@code key}, if there is one; marks it used. */
    public Optional<Snapshot> get(Digest key) {
        return catalog.find(key, true);
    }

    /**
     * The snapshot of the layer {@code diffId}, extracting {@code layerBlob} from the store first
     * when there is none. Nothing is left under {@code snapshots/} when extraction fails.
     *
     * @throws NotFoundException                          when the blob is not in the store
     * @throws dev.stevedore.diag.InvalidInputException   naming the blob when it is corrupt, truncated,
     *                                                    refused by the applier, or has another diffID
     */
    public Snapshot ensure(Descriptor layerBlob, Digest diffId) {
        // Not marked used here: a step ensures every layer of its base, and one index write per
        // layer per step was most of a step's cost; mounting the stack marks them all at once.
        Optional<Snapshot> found = catalog.find(diffId, false);
        if (found.isPresent()) {
            return found.get();
        }
        try (var held = catalog.keyLock(diffId).exclusive()) {
            found = catalog.find(diffId, false);
            if (found.isPresent()) {
                return found.get();
            }
            return extract(layerBlob, diffId);
        }
    }

    private Snapshot extract(Descriptor layerBlob, Digest diffId) {
        Path staged = null;
        try {
            staged = TempNames.create(catalog.tmp(), "x", true);
            extractions.incrementAndGet();
            Extraction.extract(store.blobs(), layerBlob, diffId, staged);
            return catalog.install(staged, diffId, FileTrees.bytes(staged), false, List.of());
        } catch (IOException e) {
            throw new InternalException("cannot extract layer " + layerBlob.digest() + " into " + catalog.tmp()
                    + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(staged);
        }
    }

    long extractions() {
        return extractions.get();
    }

    /** For tests: what deletes trash, called once the catalog's mutex is released. */
    void deleteTrashWith(java.util.function.Consumer<Path> deleter) {
        catalog.deleteTrashWith(deleter);
    }

    /**
     * Mounts {@code lowersTopFirst} (may be empty: {@code FROM scratch}) under a fresh upper dir.
     * Stacks too deep for one mount's options are partly flattened (see {@code Stacks}).
     *
     * @throws NotFoundException when one of the snapshots was removed meanwhile
     */
    public Active prepare(List<Snapshot> lowersTopFirst) {
        return new Active(catalog, stacks.mount(lowersTopFirst, true), lowersTopFirst, stacks.kind());
    }

    /** Mounts {@code lowersTopFirst} read-only. */
    public View view(List<Snapshot> lowersTopFirst) {
        return new View(stacks.mount(lowersTopFirst, false), lowersTopFirst);
    }

    /** The kind of snapshotter this instance mounts with (chosen at the first call). */
    public SnapshotterKind kind() {
        return stacks.kind();
    }

    /** Every snapshot with its size, creation and last use, in order of short id. */
    public Usage usage() {
        SnapshotIndex index = catalog.locked(catalog::index);
        return new Usage(index.entries().entrySet().stream()
                .map(e -> new SnapshotUsage(catalog.snapshot(e.getKey(), e.getValue()), e.getValue().size(),
                        e.getValue().created(), e.getValue().lastUsed(), e.getValue().flattened()))
                .sorted(Comparator.comparingLong(u -> Long.parseLong(u.snapshot().id())))
                .toList());
    }

    /**
     * Removes the snapshot of {@code key}.
     *
     * @throws NotFoundException when there is none
     * @throws ConflictException when a mount (prepared or viewed, not yet closed) uses it
     */
    public void remove(Digest key) {
        Path trash = catalog.locked(() -> {
            SnapshotIndex index = catalog.index();
            SnapshotIndex.Entry entry = index.get(key).orElseThrow(() -> new NotFoundException(
                    "no snapshot of " + key + " in " + catalog.root()));
            Optional<ActiveDir> user = activeDirs().stream().filter(a -> a.lowerIds().contains(entry.id())).findFirst();
            if (user.isPresent()) {
                throw new ConflictException("snapshot of " + key + " (id " + entry.id() + ") is in use by the mount "
                        + user.get().merged());
            }
            catalog.write(index.without(key));
            return moveToTrash(entry.id());
        });
        catalog.deleteTrash(trash);
    }

    /**
     * Removes every snapshot whose key is not in {@code keep} and that no live mount uses,
     * after {@link #cleanupStale()}. Flattened stacks are caches: keep them by their chain IDs.
     */
    public SnapshotPruneResult prune(Set<Digest> keep) {
        cleanupStale();
        List<Digest> removed = new ArrayList<>();
        long[] bytes = {0};
        List<Path> trash = catalog.locked(() -> {
            SnapshotIndex index = catalog.index();
            Set<String> used = activeDirs().stream().flatMap(a -> a.lowerIds().stream())
                    .collect(java.util.stream.Collectors.toSet());
            List<Path> moved = new ArrayList<>();
            for (var e : index.entries().entrySet()) {
                if (!keep.contains(e.getKey()) && !used.contains(e.getValue().id())) {
                    index = index.without(e.getKey());
                    removed.add(e.getKey());
                    bytes[0] += e.getValue().size();
                    moved.add(moveToTrash(e.getValue().id()));
                }
            }
            catalog.write(index);
            return moved;
        });
        trash.forEach(catalog::deleteTrash);
        removed.sort(null);
        return new SnapshotPruneResult(removed, bytes[0]);
    }

    /** Renames {@code snapshots/<id>} into {@code tmp/}: gone at once, deleted outside the lock. */
    private Path moveToTrash(String id) {
        try {
            return catalog.trash(catalog.directory(id));
        } catch (IOException e) {
            throw new InternalException("cannot remove snapshot " + catalog.directory(id) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Finishes what killed processes left: unmounts and removes their mounts (lazily when
     * busy), removes their temp dirs, snapshot dirs the index does not know (a crash mid-commit)
     * and index entries whose directory is gone. Call it once when a process starts.
     */
    public void cleanupStale() {
        List<Path> doomed = catalog.locked(() -> {
            for (ActiveDir active : activeDirs()) {
                if (!active.ownerAlive()) {
                    destroy(active);
                }
            }
            // Nobody uses the temp dirs of the dead (trash among them): they are deleted after
            // the lock is released, so a large one never holds up other builds.
            List<Path> dead = new ArrayList<>(list(catalog.tmp()).stream()
                    .filter(temp -> TempNames.ownerIsDead(temp.getFileName().toString())).toList());
            dead.addAll(reconcileIndex());
            return dead;
        });
        doomed.forEach(catalog::deleteTrash);
    }

    private static void destroy(ActiveDir active) {
        try {
            active.destroy();
        } catch (IOException e) {
            throw new InternalException("cannot clean up the stale mount " + active.merged() + ": " + e.getMessage(), e);
        }
    }

    /** Fixes the index against the directories; returns the trashed directories it did not know. */
    private List<Path> reconcileIndex() {
        SnapshotIndex index = catalog.index();
        SnapshotIndex fixed = index;
        for (var e : index.entries().entrySet()) {
            if (!Files.isDirectory(catalog.fs(e.getValue().id()))) {
                fixed = fixed.without(e.getKey());
            }
        }
        Set<String> known = fixed.entries().values().stream().map(SnapshotIndex.Entry::id)
                .collect(java.util.stream.Collectors.toSet());
        List<Path> trashed = new ArrayList<>();
        for (Path dir : list(catalog.root())) {
            String name = dir.getFileName().toString();
            if (name.chars().allMatch(Character::isDigit) && !known.contains(name)) {
                trashed.add(moveToTrash(name));
            }
        }
        if (!fixed.equals(index)) {
            catalog.write(fixed);
        }
        return trashed;
    }

    private List<ActiveDir> activeDirs() {
        return list(catalog.active()).stream().map(ActiveDir::new).toList();
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void deleteQuietly(Path path) {
        Catalog.deleteQuietly(path);
    }
}
