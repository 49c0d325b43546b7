package dev.stevedore.exec;

import dev.stevedore.event.BuildEvent;
import dev.stevedore.event.BuildListener;
import dev.stevedore.event.StepId;
import dev.stevedore.runtime.OutputListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The events of one step: started, output lines (the last few kept for error messages), end. */
final class StepHandle {

    private static final int TAIL = 10;

    private final BuildListener listener;
    private final StepId id;
    private final Instant started = Instant.now();
    private final Deque<String> tail = new ArrayDeque<>();
    private volatile boolean fromCache;

    StepHandle(BuildListener listener, StepId id, String name) {
        this.listener = listener;
        this.id = id;
        listener.on(new BuildEvent.StepStarted(started, id, name));
    }

    void cached() {
        fromCache = true;
        listener.on(new BuildEvent.StepCached(Instant.now(), id));
    }

    void done() {
        listener.on(new BuildEvent.StepDone(Instant.now(), id, elapsed()));
    }

    void failed(String message) {
        listener.on(new BuildEvent.StepFailed(Instant.now(), id, elapsed(), message));
    }

    /** Whether the step's result came from the cache. */
    boolean wasCached() {
        return fromCache;
    }

    /** Reports how far {@code item} (a blob being pulled, say) has come. */
    void progress(String item, long done, long total) {
        listener.on(new BuildEvent.StepProgress(Instant.now(), id, item, done, total));
    }

    /** Forwards a process's lines as {@link BuildEvent.StepOutput}s. */
    OutputListener output() {
        return (stream, line) -> {
            synchronized (tail) {
                tail.addLast(line);
                if (tail.size() > TAIL) {
                    tail.removeFirst();
                }
            }
            listener.on(new BuildEvent.StepOutput(Instant.now(), id, stream == OutputListener.Stream.STDOUT
                    ? BuildEvent.Stream.STDOUT : BuildEvent.Stream.STDERR, line));
        };
    }

    /** The last lines of output, oldest first. */
    List<String> tail() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    private Duration elapsed() {
        return Duration.between(started, Instant.now());
    }
}
