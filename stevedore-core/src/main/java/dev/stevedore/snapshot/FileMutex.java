package dev.stevedore.snapshot;

import dev.stevedore.diag.UnavailableException;
import dev.stevedore.store.StorePrivacy;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A mutex across threads and processes, re-entrant per thread. A {@link FileLock} belongs to
 * the whole JVM (a second {@code lock()} in one JVM throws), so threads first take a JVM-wide
 * {@link ReentrantLock} for the same file, and the outermost holder then takes the file lock.
 */
final class FileMutex {

    private static final ConcurrentHashMap<Path, FileMutex> MUTEXES = new ConcurrentHashMap<>();

    private final Path file;
    private final ReentrantLock threads = new ReentrantLock();
    private FileChannel channel;

    private FileMutex(Path file) {
        this.file = file;
    }

    static FileMutex of(Path file) {
        return MUTEXES.computeIfAbsent(file.toAbsolutePath().normalize(), FileMutex::new);
    }

    /** A held mutex; closing it releases one level. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    Held acquire() {
        threads.lock();
        if (threads.getHoldCount() == 1) {
            try {
                StorePrivacy.createPrivateDirectories(file.getParent());
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                channel.lock();
            } catch (IOException | RuntimeException e) {
                closeChannel();
                threads.unlock();
                throw new UnavailableException("cannot lock " + file + ": " + e.getMessage(), e);
            }
        }
        return this::release;
    }

    private void release() {
        if (threads.getHoldCount() == 1) {
            closeChannel(); // closing the channel releases its lock
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
    }
}
