package dev.stevedore.fs;

import dev.stevedore.diag.UnavailableException;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A reader-writer lock across the threads of this JVM and across processes: the one lock
 * mechanism of Stevedore (store writes, blob commits against prune, snapshot extraction, cache
 * mounts). Shared holders run together; an exclusive holder runs alone.
 *
 * <p>Between processes it is a {@link FileLock} ({@code fcntl} record lock) on the whole file.
 * Such a lock belongs to the process, not to a thread, and a second overlapping one in the same
 * JVM throws, so the threads of this JVM first agree among themselves, on a monitor kept per
 * file for the whole JVM: the first shared holder in takes the file lock shared and the last one
 * out releases it; an exclusive holder takes it exclusive. The thread holding the lock exclusive
 * may take it again, exclusive or shared ({@link #tryExclusive} excepted). A hold may be released
 * by any thread (a RUN step's cache mounts are given back by whoever closes the step).
 */
public final class LockFile {

    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private static final ConcurrentHashMap<Path, LockFile> LOCKS = new ConcurrentHashMap<>();

    /** How a caller waits for the lock. */
    private enum Wait { UNINTERRUPTIBLY, INTERRUPTIBLY, NOT_AT_ALL }

    /** What one hold has to give back. */
    private enum Hold { EXCLUSIVE, SHARED, UNDER_EXCLUSIVE }

    private final Path file;
    // All guarded by this.
    private FileChannel channel;
    /** Shared holders in this JVM, other than those under the exclusive holder. */
    private int readers;
    /** The thread holding the lock exclusive, and how many times; null when none. */
    private Thread writer;
    private int writerHolds;
    /** A thread is taking the file lock, outside the monitor: everyone else waits. */
    private boolean taking;
    /**
     * Waiting threads are served in arrival order, so that a thread taking the lock in a loop (a
     * prune) cannot starve the others: the ticket being served and the next one handed out.
     */
    private long serving;
    private long nextTicket;
    /** Tickets of waiters that were interrupted before their turn: skipped when it comes. */
    private final Set<Long> abandoned = new HashSet<>();

    private LockFile(Path file) {
        this.file = file;
    }

    /** The lock of {@code file} (created, with its parent directories, when first taken). */
    public static LockFile of(Path file) {
        return LOCKS.computeIfAbsent(canonical(file), LockFile::new);
    }

    /**
     * One key per file, however it is named: two names (a symlink) for one lock file would give
     * two JVM locks and then a second {@code FileChannel.lock} in one JVM, which throws.
     */
    private static Path canonical(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            return absolute.getParent().toRealPath().resolve(absolute.getFileName());
        } catch (IOException e) {
            return absolute;
        }
    }

    /** A held lock; closing it releases one level, and closing it again does nothing. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Waits for the lock, exclusive.
     *
     * @throws UnavailableException when the lock file cannot be opened or locked
     */
    public Held exclusive() {
        return uninterruptibly(false);
    }

    /** Waits for the lock, shared. */
    public Held shared() {
        return uninterruptibly(true);
    }

    /** Waits for the lock, exclusive, until the thread is interrupted. */
    public Held exclusiveInterruptibly() throws InterruptedException {
        return acquire(false, Wait.INTERRUPTIBLY).orElseThrow();
    }

    /** Waits for the lock, shared, until the thread is interrupted. */
    public Held sharedInterruptibly() throws InterruptedException {
        return acquire(true, Wait.INTERRUPTIBLY).orElseThrow();
    }

    /**
     * The lock, exclusive, if nobody holds it now, this thread included (not re-entrant: a
     * {@code sharing=private} cache mount wants a directory no other mount uses); else empty.
     */
    public Optional<Held> tryExclusive() {
        try {
            return acquire(false, Wait.NOT_AT_ALL);
        } catch (InterruptedException e) {
            throw new IllegalStateException("a lock that does not wait was interrupted", e);
        }
    }

    private Held uninterruptibly(boolean shared) {
        try {
            return acquire(shared, Wait.UNINTERRUPTIBLY).orElseThrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while waiting for the lock " + file, e);
        }
    }

    private Optional<Held> acquire(boolean shared, Wait wait) throws InterruptedException {
        Thread me = Thread.currentThread();
        synchronized (this) {
            if (writer == me && wait != Wait.NOT_AT_ALL) {
                if (shared) {
                    return Optional.of(releaser(Hold.UNDER_EXCLUSIVE));
                }
                writerHolds++;
                return Optional.of(releaser(Hold.EXCLUSIVE));
            }
            if (wait == Wait.NOT_AT_ALL && (serving != nextTicket || blocked(shared))) {
                return Optional.empty();
            }
            long ticket = nextTicket++;
            boolean interrupted = false;
            while (serving != ticket || blocked(shared)) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    if (wait == Wait.INTERRUPTIBLY) {
                        abandon(ticket);
                        throw e;
                    }
                    interrupted = true;
                }
            }
            if (interrupted) {
                me.interrupt();
            }
            if (shared && readers > 0) {
                readers++;
                serveNext();
                return Optional.of(releaser(Hold.SHARED));
            }
            taking = true;
        }
        boolean taken = false;
        try {
            taken = lockFile(shared, wait);
        } finally {
            synchronized (this) {
                taking = false;
                if (taken && shared) {
                    readers = 1;
                } else if (taken) {
                    writer = me;
                    writerHolds = 1;
                }
                serveNext();
            }
        }
        return taken ? Optional.of(releaser(shared ? Hold.SHARED : Hold.EXCLUSIVE)) : Optional.empty();
    }

    /** Whether a holder keeps a {@code shared} (or an exclusive) taker out. Caller holds the monitor. */
    private boolean blocked(boolean shared) {
        return writer != null || taking || (!shared && readers > 0);
    }

    /** The turn passes to the next ticket not given up. Caller holds the monitor. */
    private void serveNext() {
        serving++;
        while (abandoned.remove(serving)) {
            serving++;
        }
        notifyAll();
    }

    /** A waiter gives up {@code ticket}. Caller holds the monitor. */
    private void abandon(long ticket) {
        if (serving == ticket) {
            serveNext();
        } else {
            abandoned.add(ticket);
        }
    }

    /** Takes the file lock; false when {@code wait} says not to wait and another process holds it. */
    private boolean lockFile(boolean shared, Wait wait) throws InterruptedException {
        try {
            // lock files live in stores, which no other user may enter: their directories too
            Files.createDirectories(file.getParent(), PRIVATE_DIRECTORY);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = take(shared, wait);
            if (lock == null) {
                closeChannel();
            }
            return lock != null;
        } catch (ClosedByInterruptException e) {
            closeChannel();
            Thread.interrupted();
            throw new InterruptedException("interrupted while waiting for the lock " + file);
        } catch (InterruptedException e) {
            closeChannel();
            throw e;
        } catch (IOException | RuntimeException e) {
            closeChannel();
            throw new UnavailableException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file lock itself. fcntl locks belong to processes, not threads, so the kernel's deadlock
     * check sees a cycle where two processes each hold one lock (on one thread) and wait for the
     * other's (on another thread), though each holder will let go: EDEADLK is then a reason to
     * try again after a pause, not an error.
     */
    private FileLock take(boolean shared, Wait wait) throws IOException, InterruptedException {
        while (true) {
            try {
                return wait == Wait.NOT_AT_ALL
                        ? channel.tryLock(0, Long.MAX_VALUE, shared)
                        : channel.lock(0, Long.MAX_VALUE, shared);
            } catch (IOException e) {
                if (e instanceof ClosedByInterruptException || !"Resource deadlock avoided".equals(e.getMessage())) {
                    throw e;
                }
                Thread.sleep(ThreadLocalRandom.current().nextLong(5, 50));
            }
        }
    }

    private Held releaser(Hold hold) {
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                release(hold);
            }
        };
    }

    private synchronized void release(Hold hold) {
        switch (hold) {
            case EXCLUSIVE -> {
                if (--writerHolds == 0) {
                    writer = null;
                    closeChannel(); // closing the channel releases its lock
                }
            }
            case SHARED -> {
                if (--readers == 0) {
                    closeChannel();
                }
            }
            case UNDER_EXCLUSIVE -> {
                // the exclusive hold it lies under keeps the file locked
            }
        }
        notifyAll();
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
