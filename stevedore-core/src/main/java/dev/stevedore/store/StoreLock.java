package dev.stevedore.store;

import dev.stevedore.diag.UnavailableException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's one writer lock, across threads and processes. A {@link FileLock} is held per
 * JVM, not per thread (a second {@code lock()} in the same JVM throws), so threads first take
 * a JVM-wide {@link ReentrantLock} for the same file; the outermost holder then takes the file
 * lock. Re-entrant: a holder may call other locked operations.
 */
final class StoreLock {

    private static final ConcurrentHashMap<Path, StoreLock> LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final ReentrantLock threads = new ReentrantLock();
    private FileChannel channel;
    private FileLock fileLock;

    private StoreLock(Path file) {
        this.file = file;
    }

    static StoreLock of(Path file) {
        return LOCKS.computeIfAbsent(StoreLock.canonical(file), StoreLock::new);
    }

    /**
     * One key per file, however it is named: two names (a symlink) for one lock file would
     * give two JVM locks and then a second {@code FileChannel.lock} in one JVM, which throws.
     */
    static Path canonical(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            return absolute.getParent().toRealPath().resolve(absolute.getFileName());
        } catch (IOException e) {
            return absolute;
        }
    }

    /** A held lock; closing it releases one level, and closing it again does nothing. */
    interface Held extends AutoCloseable {
        @Override
        void close();

        static Held once(Runnable release) {
            var released = new java.util.concurrent.atomic.AtomicBoolean();
            return () -> {
                if (released.compareAndSet(false, true)) {
                    release.run();
                }
            };
        }
    }

    Held acquire() {
        threads.lock();
        if (threads.getHoldCount() == 1) {
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                fileLock = channel.lock();
            } catch (IOException | RuntimeException e) {
                closeChannel();
                threads.unlock();
                throw new UnavailableException("cannot lock store file " + file + ": " + e.getMessage(), e);
            }
        }
        return Held.once(this::release);
    }

    boolean isHeldByCurrentThread() {
        return threads.isHeldByCurrentThread();
    }

    private void release() {
        if (!threads.isHeldByCurrentThread()) {
            return;
        }
        if (threads.getHoldCount() == 1) {
            try {
                fileLock.release();
            } catch (IOException e) {
                // Closing the channel below releases it anyway.
            }
            closeChannel();
        }
        threads.unlock();
    }

    private void closeChannel() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // Nothing to do: the lock dies with the channel.
        }
        channel = null;
        fileLock = null;
    }
}
