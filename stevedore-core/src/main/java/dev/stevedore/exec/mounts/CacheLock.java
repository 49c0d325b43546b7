package dev.stevedore.exec.mounts;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A reader-writer lock on a cache directory, across threads and processes: a lock file held
 * with {@code flock}-style {@link FileLock}s between processes, and a monitor between the threads
 * of this JVM (which cannot hold two overlapping file locks on one file). Shared holders (cache
 * {@code sharing=shared}) run together; an exclusive holder ({@code locked}, or {@code private}
 * which only tries) runs alone.
 */
final class CacheLock {

    /** One state per lock file for the whole JVM, so that its threads coordinate. */
    private static final ConcurrentHashMap<Path, CacheLock> LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private FileChannel channel;
    private FileLock fileLock;
    private int readers;
    private boolean writer;
    /** A thread is taking or giving up the file lock, outside the monitor. */
    private boolean transition;

    private CacheLock(Path file) {
        this.file = file;
    }

    static CacheLock of(Path lockFile) {
        return LOCKS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), CacheLock::new);
    }

    /** A held lock; closing it releases it once. */
    interface Held extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    /** Waits for the shared lock. */
    Held shared() throws IOException, InterruptedException {
        return acquire(true, true).orElseThrow();
    }

    /** Waits for the exclusive lock. */
    Held exclusive() throws IOException, InterruptedException {
        return acquire(false, true).orElseThrow();
    }

    /** The exclusive lock if nobody holds the lock now. */
    Optional<Held> tryExclusive() throws IOException, InterruptedException {
        return acquire(false, false);
    }

    private Optional<Held> acquire(boolean shared, boolean wait) throws IOException, InterruptedException {
        synchronized (this) {
            while (writer || transition || (!shared && readers > 0)) {
                if (!wait) {
                    return Optional.empty();
                }
                wait();
            }
            if (shared && readers > 0) {
                readers++;
                return Optional.of(releaser(true));
            }
            transition = true;
        }
        FileLock taken = null;
        try {
            taken = lockFile(shared, wait);
        } catch (java.nio.channels.ClosedByInterruptException e) {
            Thread.interrupted();
            throw new InterruptedException("interrupted while waiting for the lock " + file);
        } finally {
            synchronized (this) {
                transition = false;
                if (taken != null) {
                    fileLock = taken;
                    if (shared) {
                        readers = 1;
                    } else {
                        writer = true;
                    }
                }
                notifyAll();
            }
        }
        return taken == null ? Optional.empty() : Optional.of(releaser(shared));
    }

    private FileLock lockFile(boolean shared, boolean wait) throws IOException {
        if (channel == null || !channel.isOpen()) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        // An interrupt while blocked closes the channel (ClosedByInterruptException): reopened next time.
        return wait ? channel.lock(0, Long.MAX_VALUE, shared) : channel.tryLock(0, Long.MAX_VALUE, shared);
    }

    private Held releaser(boolean shared) {
        boolean[] released = {false};
        return () -> {
            synchronized (this) {
                if (released[0]) {
                    return;
                }
                released[0] = true;
                if (shared && --readers > 0) {
                    return;
                }
                writer = false;
                FileLock held = fileLock;
                fileLock = null;
                notifyAll();
                if (held != null && held.isValid()) {
                    held.release();
                }
            }
        };
    }
}
