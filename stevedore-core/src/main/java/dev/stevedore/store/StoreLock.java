package dev.stevedore.store;

import dev.stevedore.fs.LockFile;
import java.nio.file.Path;

/**
 * The store's one writer lock, across threads and processes: always exclusive, re-entrant, so a
 * holder may call other locked operations. A {@link LockFile} held only one way.
 */
final class StoreLock {

    private final LockFile file;

    private StoreLock(LockFile file) {
        this.file = file;
    }

    static StoreLock of(Path file) {
        return new StoreLock(LockFile.of(file));
    }

    LockFile.Held acquire() {
        return file.exclusive();
    }
}
