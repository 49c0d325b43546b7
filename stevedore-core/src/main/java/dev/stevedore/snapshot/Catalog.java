package dev.stevedore.snapshot;

import dev.stevedore.diag.InternalException;
import dev.stevedore.fs.LockFile;
import dev.stevedore.oci.Digest;
import dev.stevedore.store.StorePrivacy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The snapshots directory and its index: where things are, and every index read-modify-write
 * under the index {@link LockFile}. A snapshot exists when the index has its key and its
 * directory is there; both change together, under the mutex, so no process ever sees one
 * without the other.
 */
final class Catalog {

    private final Path root;
    private final Clock clock;
    private final LockFile lock;
    /** Deletes trash after the mutex is released; a test replaces it to see that the mutex is free then. */
    private volatile Consumer<Path> trashDeleter = Catalog::deleteQuietly;

    Catalog(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
        this.lock = LockFile.of(root.resolve("lock"));
    }

    Path root() {
        return root;
    }

    Path tmp() {
        return root.resolve("tmp");
    }

    Path active() {
        return root.resolve("active");
    }

    Path empty() {
        return root.resolve("empty");
    }

    Path indexFile() {
        return root.resolve("index.json");
    }

    Path directory(String id) {
        return root.resolve(id);
    }

    Path fs(String id) {
        return directory(id).resolve("fs");
    }

    Clock clock() {
        return clock;
    }

    /** The mutex that lets one thread of one process extract or flatten {@code key} at a time. */
    LockFile keyLock(Digest key) {
        return LockFile.of(root.resolve("locks").resolve(key.algorithm() + "-" + key.hex()));
    }

    <T> T locked(Supplier<T> action) {
        try (var held = lock.exclusive()) {
            return action.get();
        }
    }

    SnapshotIndex index() {
        return SnapshotIndex.read(indexFile());
    }

    void write(SnapshotIndex index) {
        index.write(indexFile(), tmp());
    }

    /** The snapshot for {@code key}, if it is complete; its last use is now when {@code touch}. */
    Optional<Snapshot> find(Digest key, boolean touch) {
        return locked(() -> {
            SnapshotIndex index = index();
            Optional<SnapshotIndex.Entry> entry = index.get(key).filter(e -> Files.isDirectory(fs(e.id())));
            if (entry.isPresent() && touch) {
                write(index.with(key, entry.get().touched(clock.instant())));
            }
            return entry.map(e -> snapshot(key, e));
        });
    }

    Snapshot snapshot(Digest key, SnapshotIndex.Entry entry) {
        return new Snapshot(key, entry.id(), fs(entry.id()));
    }

    /** Marks the snapshots used now. */
    void touch(Collection<Snapshot> snapshots) {
        locked(() -> {
            write(touched(index(), snapshots));
            return null;
        });
    }

    private SnapshotIndex touched(SnapshotIndex index, Collection<Snapshot> snapshots) {
        for (Snapshot s : snapshots) {
            Optional<SnapshotIndex.Entry> e = index.get(s.key());
            if (e.isPresent()) {
                index = index.with(s.key(), e.get().touched(clock.instant()));
            }
        }
        return index;
    }

    /**
     * Makes the directory {@code staged} (on this file system) the snapshot for {@code key}, by
     * rename: it gets the next short id. When another caller installed {@code key} first, that
     * snapshot wins and {@code staged} is deleted. The snapshots {@code used} are marked used in
     * the same index write.
     */
    Snapshot install(Path staged, Digest key, long size, boolean flattened, Collection<Snapshot> used) {
        Path[] loser = {null};
        Snapshot installed = locked(() -> {
            SnapshotIndex index = touched(index(), used);
            try {
                Optional<SnapshotIndex.Entry> existing = index.get(key).filter(e -> Files.isDirectory(fs(e.id())));
                if (existing.isPresent()) {
                    loser[0] = trash(staged);
                    if (!used.isEmpty()) {
                        write(index);
                    }
                    return snapshot(key, existing.get());
                }
                long next = index.next();
                while (Files.exists(directory(Long.toString(next)))) {
                    next++; // a leftover of a crash: cleanupStale removes it, never reuse it
                }
                String id = Long.toString(next);
                Files.createDirectory(directory(id), StorePrivacy.PRIVATE_DIRECTORY);
                Files.move(staged, fs(id), StandardCopyOption.ATOMIC_MOVE);
                var now = clock.instant();
                write(index.with(key, new SnapshotIndex.Entry(id, size, now, now, flattened)));
                return new Snapshot(key, id, fs(id));
            } catch (IOException e) {
                throw new InternalException("cannot store snapshot of " + key + " in " + root + ": " + e.getMessage(), e);
            }
        });
        if (loser[0] != null) {
            deleteTrash(loser[0]);
        }
        return installed;
    }

    /**
     * Renames {@code dir} (in the snapshots file system) into {@code tmp/} as {@code rm-<pid>-…}:
     * gone at once, under the mutex, so the caller deletes it after releasing the mutex and a
     * large tree never holds up other builds. If this process is killed before that, the
     * next {@link Snapshotter#cleanupStale} deletes it, its owner being dead.
     */
    Path trash(Path dir) throws IOException {
        Path trash = tmp().resolve("rm-" + ProcessHandle.current().pid() + "-" + TempNames.random()
                + dir.getFileName());
        Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
        return trash;
    }

    /** Deletes what {@link #trash} moved, or a temp dir of a dead process; call without the mutex. */
    void deleteTrash(Path trash) {
        trashDeleter.accept(trash);
    }

    void deleteTrashWith(Consumer<Path> deleter) {
        this.trashDeleter = deleter;
    }

    /** Deletes a file or tree; what cannot be deleted now is left to a later {@link Snapshotter#cleanupStale}. */
    static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                dev.stevedore.fs.FileTrees.delete(path);
            } else {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // its name carries our pid: cleanupStale removes it once this process is gone
        }
    }
}
