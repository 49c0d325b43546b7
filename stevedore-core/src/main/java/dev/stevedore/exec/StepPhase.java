package dev.stevedore.exec;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One phase of a step as a Java Flight Recorder event: where the time of a {@code RUN} goes
 * (snapshot, mounts, runc, diff, commit) and of a {@code COPY} (key: the sources selected and
 * hashed; copy: written into the snapshot; diff; commit), read by {@code bench/phases}. JFR events cost nothing
 * unless a recording is running ({@code -XX:StartFlightRecording}), so they stay in the build.
 */
@Name("dev.stevedore.StepPhase")
@Label("Step phase")
@Category("Stevedore")
@Description("A phase of a build step: snapshot, mounts, runc, diff, commit, or the whole step")
@StackTrace(false)
final class StepPhase extends Event {

    @Label("Step")
    String step;

    @Label("Phase")
    String phase;

    /** A phase of {@code step} that starts now; {@link #done()} ends and records it. */
    static StepPhase start(String phase, String step) {
        StepPhase event = new StepPhase();
        if (event.isEnabled()) {
            event.phase = phase;
            event.step = step;
            event.begin();
        }
        return event;
    }

    /** Ends the phase and records it (when a recording wants it). */
    void done() {
        if (isEnabled()) {
            end();
            commit();
        }
    }
}
