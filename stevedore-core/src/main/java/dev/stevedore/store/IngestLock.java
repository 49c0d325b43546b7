package dev.stevedore.store;

import dev.stevedore.fs.LockFile;
import java.nio.file.Path;

/**
 * Keeps blob commits and prune apart, across threads and processes. A commit's last step
 * (stamp the time, rename into {@code blobs/}) holds the lock shared, so commits never wait for
 * each other; prune holds it exclusive while it decides and deletes, so no blob can land (or
 * be re-committed) between prune's look at it and its removal. The prune holder may commit
 * itself: its exclusive hold covers the shared one.
 */
final class IngestLock {

    private final LockFile file;

    private IngestLock(LockFile file) {
        this.file = file;
    }

    static IngestLock of(Path file) {
        return new IngestLock(LockFile.of(file));
    }

    /** Held by a blob commit. */
    LockFile.Held shared() {
        return file.shared();
    }

    /** Held by prune. */
    LockFile.Held exclusive() {
        return file.exclusive();
    }
}
