package dev.stevedore.cli;

import dev.stevedore.event.BuildEvent;
import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Puts a renderer on a thread of its own, so that a RUN printing megabytes a second never waits
 * for the terminal line by line: the build's threads only queue events, and the renderer thread
 * takes everything queued at once, renders it into a buffer and writes that with one flush. Events
 * are rendered one at a time, in the order they were queued, and none is dropped.
 *
 * <p>The queue is bounded by the output text it holds ({@link #MAX_QUEUED_CHARS}): when the
 * terminal is slower than the process, {@link #on} waits for room, which makes the process wait
 * on its pipe, as it would writing to a slow terminal itself. Memory stays at most the queue plus
 * the batch being rendered.
 */
final class RendererThread implements ProgressView {

    /** How much output text may wait for the renderer before the build's threads wait. */
    static final int MAX_QUEUED_CHARS = 1 << 20;

    private static final int BUFFER_BYTES = 64 * 1024;

    private final ProgressView renderer;
    private final PrintStream out;
    private final int maxQueuedChars;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    private final Condition room = lock.newCondition();
    /** Guarded by {@link #lock}, as are the fields below. */
    private ArrayDeque<BuildEvent> queue = new ArrayDeque<>();
    private long queuedChars;
    private boolean closing;
    /** What the renderer threw; later events are dropped then, so no build thread waits forever. */
    private RuntimeException failure;
    private final Thread thread;

    private RendererThread(Function<PrintStream, ProgressView> renderer, PrintStream err, int maxQueuedChars) {
        // No autoflush: the renderer thread flushes once per batch.
        this.out = new PrintStream(new BufferedOutputStream(err, BUFFER_BYTES), false, err.charset());
        this.renderer = renderer.apply(out);
        this.maxQueuedChars = maxQueuedChars;
        this.thread = Thread.ofPlatform().daemon().name("stevedore-progress").start(this::run);
    }

    /** Runs {@code renderer}, made to write to {@code err} through a buffer, on a thread of its own. */
    static RendererThread start(Function<PrintStream, ProgressView> renderer, PrintStream err) {
        return new RendererThread(renderer, err, MAX_QUEUED_CHARS);
    }

    /** As {@link #start(Function, PrintStream)}, with a queue of {@code maxQueuedChars} (tests). */
    static RendererThread start(Function<PrintStream, ProgressView> renderer, PrintStream err, int maxQueuedChars) {
        return new RendererThread(renderer, err, maxQueuedChars);
    }

    /** Queues {@code event}; waits while the queue is full (never when it is empty, whatever the event's size). */
    @Override
    public void on(BuildEvent event) {
        int chars = chars(event);
        boolean interrupted = false;
        lock.lock();
        try {
            while (failure == null && !closing && !queue.isEmpty() && queuedChars + chars > maxQueuedChars) {
                try {
                    room.await();
                } catch (InterruptedException e) {
                    // A build being stopped: queue the event anyway, one over the bound, and say so to the caller.
                    interrupted = true;
                    break;
                }
            }
            if (failure == null) {
                queue.addLast(event);
                queuedChars += chars;
                queued.signal();
            }
        } finally {
            lock.unlock();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Renders what is still queued, then closes the renderer (the tty view draws its last frame). */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            queued.signal();
            room.signalAll();
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                // Ctrl-C while the last lines are written: they are written all the same, briefly.
                interrupted = true;
            }
        }
        try {
            renderer.close();
            out.flush();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        RuntimeException f = failure;
        if (f != null) {
            throw new IllegalStateException("the progress renderer failed: " + f, f);
        }
    }

    /** Output text waiting for the renderer (tests check the bound with it). */
    long queuedChars() {
        lock.lock();
        try {
            return queuedChars;
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (true) {
            ArrayDeque<BuildEvent> batch;
            lock.lock();
            try {
                while (queue.isEmpty() && !closing) {
                    queued.awaitUninterruptibly();
                }
                if (queue.isEmpty()) {
                    return;
                }
                batch = queue;
                queue = new ArrayDeque<>();
                queuedChars = 0;
                room.signalAll();
            } finally {
                lock.unlock();
            }
            try {
                for (BuildEvent e : batch) {
                    renderer.on(e);
                }
                out.flush();
            } catch (RuntimeException e) {
                lock.lock();
                try {
                    failure = e;
                    queue.clear();
                    queuedChars = 0;
                    room.signalAll();
                } finally {
                    lock.unlock();
                }
                return;
            }
        }
    }

    /** What an event weighs in the queue: its output text, else a little. */
    private static int chars(BuildEvent event) {
        return event instanceof BuildEvent.StepOutput o ? o.line().length() + 16 : 64;
    }
}
