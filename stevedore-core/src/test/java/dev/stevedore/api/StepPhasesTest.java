package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A RUN step records its phases as JFR events (what {@code bench/phases} reads): snapshot, mounts,
 * runc, diff, commit, and the whole step, each once, the phases within the step.
 */
class StepPhasesTest {

    @TempDir
    Path dir;

    @Test
    void aRunStepRecordsEachPhaseOnceWithinTheWholeStep() throws Exception {
        BuildHarness h = new BuildHarness(dir);
        Path file = dir.resolve("phases.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("dev.stevedore.StepPhase");
            recording.start();
            h.build("FROM busybox\nRUN echo x > /x\n");
            recording.stop();
            recording.dump(file);
        }
        Map<String, Duration> phases = new HashMap<>();
        int events = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getEventType().getName().equals("dev.stevedore.StepPhase")) {
                assertThat(e.getString("step")).isEqualTo("RUN echo x > /x");
                phases.put(e.getString("phase"), e.getDuration());
                events++;
            }
        }
        assertThat(phases).containsOnlyKeys("step", "snapshot", "mounts", "runc", "diff", "commit");
        assertThat(events).isEqualTo(6);
        Duration parts = phases.entrySet().stream().filter(p -> !p.getKey().equals("step"))
                .map(Map.Entry::getValue).reduce(Duration.ZERO, Duration::plus);
        assertThat(parts).isLessThanOrEqualTo(phases.get("step"));
    }
}
