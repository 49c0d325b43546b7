package dev.stevedore.api;

import dev.stevedore.event.BuildEvent;
import dev.stevedore.event.BuildListener;
import dev.stevedore.event.StepId;
import dev.stevedore.output.OutputTarget;
import dev.stevedore.registry.TransferListener;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The steps after the build proper, as BuildKit shows them: each export ({@code exporting to
 * oci image format /out/app.tar}) and each push ({@code pushing registry/app:1}, its blobs'
 * transfers as progress), numbered after the build's own steps, which it sees pass (it sits
 * between the engine and the caller's listener).
 */
final class PublishSteps implements BuildListener {

    private final BuildListener listener;
    private final AtomicInteger last = new AtomicInteger();

    PublishSteps(BuildListener listener) {
        this.listener = listener;
    }

    @Override
    public void on(BuildEvent event) {
        if (event instanceof BuildEvent.StepStarted s) {
            last.accumulateAndGet(s.step().number(), Math::max);
        }
        listener.on(event);
    }

    /** Runs {@code work} as the next step, named {@code name}; what it transfers shows as the step's progress. */
    <T> T run(String name, Function<TransferListener, T> work) {
        StepId id = new StepId(last.incrementAndGet());
        Instant started = Instant.now();
        listener.on(new BuildEvent.StepStarted(started, id, name));
        try {
            T result = work.apply(t -> listener.on(new BuildEvent.StepProgress(Instant.now(), id,
                    t.digest().toString(), t.done(), t.total())));
            listener.on(new BuildEvent.StepDone(Instant.now(), id, Duration.between(started, Instant.now())));
            return result;
        } catch (RuntimeException e) {
            listener.on(new BuildEvent.StepFailed(Instant.now(), id, Duration.between(started, Instant.now()),
                    e.getMessage() == null ? e.toString() : e.getMessage()));
            throw e;
        }
    }

    /** A step's name for an export, in BuildKit's words where it has them. */
    static String exporting(OutputTarget target) {
        return switch (target) {
            case OutputTarget.Store s -> "exporting to image";
            case OutputTarget.OciArchive a -> "exporting to oci image format " + a.dest();
            case OutputTarget.DockerArchive a -> "exporting to docker image format " + a.dest();
            case OutputTarget.LocalDirectory d -> "copying files to " + d.dest();
            case OutputTarget.Tar t -> "sending tarball " + t.dest();
        };
    }
}
