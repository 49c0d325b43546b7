package dev.stevedore.event;

import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.SourceExcerpt;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What happens during a build, as it happens. The library never prints: front ends render these
 * (BuildKit-style tty, plain, rawjson). Events of one step arrive in order; events of different
 * steps interleave when stages run in parallel.
 *
 * <p>A step is identified by a {@link StepId}, unique within a build, which the plain renderer
 * prints as {@code #N}.
 */
public sealed interface BuildEvent {

    /** When the event happened. */
    Instant at();

    /**
     * A step began: {@code name} is what BuildKit shows, e.g. {@code [builder 2/4] RUN go build .};
     * {@code position} says which stage it belongs to, for views that group parallel stages (empty
     * for steps outside any stage, such as exporting the image).
     */
    record StepStarted(Instant at, StepId step, String name, Optional<StagePosition> position) implements BuildEvent {
        public StepStarted {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(position, "position");
        }

        /** A step outside any stage. */
        public StepStarted(Instant at, StepId step, String name) {
            this(at, step, name, Optional.empty());
        }
    }

    /**
     * Where a step sits in its stage: {@code [builder 2/4]} is stage {@code builder}, index 2,
     * total 4. The total counts the steps shown (not ENV, LABEL...); it may grow by a base image's
     * ONBUILD triggers after the FROM step started. The stage is empty in a build of one stage,
     * whose steps BuildKit shows as {@code [2/4]}.
     */
    record StagePosition(String stage, int index, int total) {
        public StagePosition {
            Objects.requireNonNull(stage, "stage");
        }
    }

    /** A step's result was taken from the cache; no {@link StepDone} follows. */
    record StepCached(Instant at, StepId step) implements BuildEvent {}

    /** A step missed the cache, and why ({@code --explain-cache}): one sentence of names and digests, never values. */
    record StepCacheMiss(Instant at, StepId step, String reason) implements BuildEvent {}

    /** One line the step's process wrote (without its newline). */
    record StepOutput(Instant at, StepId step, Stream stream, String line) implements BuildEvent {}

    /** Progress of a transfer inside a step (a pull or push of a blob, a download). */
    record StepProgress(Instant at, StepId step, String item, long done, long total) implements BuildEvent {}

    /** A step finished successfully. */
    record StepDone(Instant at, StepId step, Duration elapsed) implements BuildEvent {}

    /** A step failed; {@code message} is the one-sentence reason. */
    record StepFailed(Instant at, StepId step, Duration elapsed, String message) implements BuildEvent {}

    /** A warning about the build's input (build checks, unused build args). */
    record Warning(Instant at, Diagnostic diagnostic) implements BuildEvent {}

    /**
     * The build failed; sent once, last, before the error is thrown, so that every front end can
     * show the same error view whatever its progress mode.
     *
     * @param step       the failing step as {@link StepStarted} named it, if a step failed
     * @param excerpt    the Dockerfile around the failing instruction, if the error has a line
     * @param outputTail the failing step's last lines of output, oldest first (at most 20)
     * @param reason     the error's message: one sentence, with the Dockerfile line when it has one
     */
    record BuildFailed(Instant at, Optional<String> step, Optional<SourceExcerpt> excerpt, List<String> outputTail,
                       String reason) implements BuildEvent {
        public BuildFailed {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(excerpt, "excerpt");
            outputTail = List.copyOf(outputTail);
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The build finished and wrote its image. */
    record BuildDone(Instant at, String imageId, Duration elapsed) implements BuildEvent {}

    /** Which output a {@link StepOutput} line came from. */
    enum Stream { STDOUT, STDERR }
}
