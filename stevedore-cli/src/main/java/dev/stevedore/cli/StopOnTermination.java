package dev.stevedore.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * While installed, a SIGTERM, SIGINT or SIGHUP to the JVM interrupts the thread that installed
 * it and holds the JVM's exit until that thread has closed this (or a grace period passed). An
 * interrupted run kills and removes its container and its overlay on the way out; without this
 * the JVM would exit at once and leave the container running (say, a server still holding its
 * port) until the next stevedore process cleans it up.
 */
final class StopOnTermination implements AutoCloseable {

    /** How long the exit waits for the interrupted thread's cleanup. */
    private static final long GRACE_SECONDS = 30;

    private final Thread hook;
    private final CountDownLatch closed = new CountDownLatch(1);

    private StopOnTermination(Thread owner) {
        this.hook = new Thread(() -> {
            owner.interrupt();
            try {
                closed.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stevedore-stop");
    }

    /** Installs the hook for the calling thread. */
    static StopOnTermination install() {
        StopOnTermination stop = new StopOnTermination(Thread.currentThread());
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook is running and has just been released.
        }
    }
}
