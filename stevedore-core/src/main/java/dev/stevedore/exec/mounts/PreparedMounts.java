package dev.stevedore.exec.mounts;

import dev.stevedore.diag.InternalException;
import dev.stevedore.exec.ReadyMounts;
import dev.stevedore.runtime.RunMount;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The mounts of one RUN step, ready: what to add to its {@code ProcessSpec}, and what to undo
 * afterwards. {@link #close} releases cache locks, unmounts and removes the secrets' tmpfs and
 * the throwaway copies of {@code rw} binds; it always finishes its work (also when the thread is
 * interrupted), so call it in a {@code finally} or try-with-resources.
 *
 * <p>{@link #env()} may hold secret values: never log it, never put it in a history entry,
 * an image config or a cache key. {@link #toString()} shows the variable names only.
 */
public final class PreparedMounts implements ReadyMounts {

    /** Something to undo when the step is done. */
    @FunctionalInterface
    interface Cleanup {
        void run() throws IOException;
    }

    private final List<RunMount> runMounts = new ArrayList<>();
    private final List<String> env = new ArrayList<>();
    private final Deque<Cleanup> cleanups = new ArrayDeque<>();
    private boolean closed;

    PreparedMounts() {}

    /** The mounts to add to the step's process, in the order of the {@code --mount} flags. */
    @Override
    public List<RunMount> runMounts() {
        return List.copyOf(runMounts);
    }

    /**
     * {@code NAME=value} entries to add to the step's environment: secrets with {@code env=} and
     * {@code SSH_AUTH_SOCK} for the first forwarded agent.
     */
    @Override
    public List<String> env() {
        return List.copyOf(env);
    }

    void add(RunMount mount) {
        runMounts.add(mount);
    }

    void addEnv(String name, String value) {
        env.add(name + "=" + value);
    }

    /** Registers an undo step; they run in reverse order of registration. */
    void onClose(Cleanup cleanup) {
        cleanups.push(cleanup);
    }

    /**
     * Undoes everything, in reverse order, each step even if an earlier one failed.
     *
     * @throws InternalException with the first failure (the others suppressed) when something could
     *                           not be undone; a later {@code cleanupStale} finishes the job
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean interrupted = Thread.interrupted();
        InternalException failure = null;
        while (!cleanups.isEmpty()) {
            try {
                cleanups.pop().run();
            } catch (IOException | RuntimeException e) {
                if (failure == null) {
                    failure = new InternalException("cannot release the mounts of a RUN step: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "PreparedMounts[mounts=" + runMounts + ", env="
                + env.stream().map(e -> e.substring(0, e.indexOf('='))).toList() + "]";
    }
}
