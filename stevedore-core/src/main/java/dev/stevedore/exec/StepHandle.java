package dev.stevedore.exec;

import dev.stevedore.event.BuildEvent;
import dev.stevedore.event.BuildListener;
import dev.stevedore.event.StepId;
import dev.stevedore.runtime.OutputListener;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The events of one step: started, output lines, end. */
final class StepHandle {

    private final BuildListener listener;
    private final StepId id;
    private final Instant started = Instant.now();
    private volatile boolean fromCache;

    StepHandle(BuildListener listener, StepId id, String name, Optional<BuildEvent.StagePosition> position) {
        this.listener = listener;
        this.id = id;
        listener.on(new BuildEvent.StepStarted(started, id, name, position));
    }

    void cached() {
        fromCache = true;
        listener.on(new BuildEvent.StepCached(Instant.now(), id));
    }

    void missed(String reason) {
        listener.on(new BuildEvent.StepCacheMiss(Instant.now(), id, reason));
    }

    void done() {
        listener.on(new BuildEvent.StepDone(Instant.now(), id, elapsed()));
    }

    void failed(String message) {
        listener.on(new BuildEvent.StepFailed(Instant.now(), id, elapsed(), message));
    }

    /** The handle of a step that is not shown (a config change): its events go nowhere, so its number is never seen. */
    static StepHandle hidden() {
        return new StepHandle(BuildListener.NONE, new StepId(1), "", Optional.empty());
    }

    /** Whether the step's result came from the cache. */
    boolean wasCached() {
        return fromCache;
    }

    /** Reports how far {@code item} (a blob being pulled, say) has come. */
    void progress(String item, long done, long total) {
        listener.on(new BuildEvent.StepProgress(Instant.now(), id, item, done, total));
    }

    /** Forwards a process's lines as {@link BuildEvent.StepOutput}s, each as a terminal shows it. */
    OutputListener output() {
        return (stream, line) -> listener.on(new BuildEvent.StepOutput(Instant.now(), id,
                stream == OutputListener.Stream.STDOUT ? BuildEvent.Stream.STDOUT : BuildEvent.Stream.STDERR,
                shown(line)));
    }

    /**
     * What a terminal shows of {@code line}: a tool that redraws its line with {@code '\r'} (the
     * progress bars of curl, Maven, npm) leaves its last state, not every state in one line of
     * thousands of characters; the {@code '\r'} of a CRLF ending redraws nothing.
     */
    static String shown(String line) {
        String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        return text.substring(text.lastIndexOf('\r') + 1);
    }

    private Duration elapsed() {
        return Duration.between(started, Instant.now());
    }
}
