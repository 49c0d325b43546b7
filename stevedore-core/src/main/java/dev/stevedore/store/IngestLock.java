package dev.stevedore.store;

import dev.stevedore.diag.UnavailableException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps blob commits and prune apart, across threads and processes. A commit's last step
 * (stamp the time, rename into {@code blobs/}) holds the lock shared, so commits never wait for
 * each other; prune holds it exclusive while it decides and deletes, so no blob can land (or
 * be re-committed) between prune's look at it and its removal.
 *
 * <p>In one JVM a {@link ReentrantReadWriteLock} orders the threads; the file lock, which the
 * JVM holds per process, is taken by the first reader in and released by the last one out.
 */
final class IngestLock {

    private static final ConcurrentHashMap<Path, IngestLock> LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final ReentrantReadWriteLock threads = new ReentrantReadWriteLock();
    private int readers;
    private FileChannel channel;
    private FileLock fileLock;

    private IngestLock(Path file) {
        this.file = file;
    }

    static IngestLock of(Path file) {
        return LOCKS.computeIfAbsent(StoreLock.canonical(file), IngestLock::new);
    }

    StoreLock.Held shared() {
        if (threads.isWriteLockedByCurrentThread()) {
            // The exclusive holder already excludes everyone; its file lock covers this too.
            threads.readLock().lock();
            return StoreLock.Held.once(() -> threads.readLock().unlock());
        }
        threads.readLock().lock();
        synchronized (this) {
            if (readers == 0) {
                lockFile(true, () -> threads.readLock().unlock());
            }
            readers++;
        }
        return StoreLock.Held.once(() -> {
            synchronized (this) {
                if (--readers == 0) {
                    unlockFile();
                }
            }
            threads.readLock().unlock();
        });
    }

    StoreLock.Held exclusive() {
        threads.writeLock().lock();
        if (threads.getWriteHoldCount() == 1) {
            lockFile(false, () -> threads.writeLock().unlock());
        }
        return StoreLock.Held.once(() -> {
            if (threads.getWriteHoldCount() == 1) {
                unlockFile();
            }
            threads.writeLock().unlock();
        });
    }

    private void lockFile(boolean shared, Runnable undo) {
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            fileLock = channel.lock(0, Long.MAX_VALUE, shared);
        } catch (IOException | RuntimeException e) {
            unlockFile();
            undo.run();
            throw new UnavailableException("cannot lock store file " + file + ": " + e.getMessage(), e);
        }
    }

    private void unlockFile() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // Closing the channel releases its lock; nothing else to do.
        }
        channel = null;
        fileLock = null;
    }
}
