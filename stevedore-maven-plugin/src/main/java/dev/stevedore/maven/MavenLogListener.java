package dev.stevedore.maven;

import dev.stevedore.diag.Diagnostic;
import dev.stevedore.event.BuildEvent;
import dev.stevedore.event.BuildListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.maven.plugin.logging.Log;

/**
 * A build's events in Maven's log, one line each as BuildKit's plain progress prints them:
 * {@code #5 [builder 2/4] RUN mvn package}, its output as {@code #5 ...}, {@code #5 DONE 3.1s}
 * at INFO; the build checks' warnings at WARN as they come and again, summed up, at the end.
 * Transfer progress is left out: a log is not a terminal. Keeps the failure for the error view.
 */
final class MavenLogListener implements BuildListener {

    private final Log log;
    private final List<Diagnostic> warnings = new ArrayList<>();
    private BuildEvent.BuildFailed failure;

    MavenLogListener(Log log) {
        this.log = log;
    }

    @Override
    public synchronized void on(BuildEvent event) {
        switch (event) {
            case BuildEvent.StepStarted s -> log.info(s.step() + " " + s.name());
            case BuildEvent.StepCached c -> log.info(c.step() + " CACHED");
            case BuildEvent.StepOutput o -> log.info(o.step() + " " + o.line());
            case BuildEvent.StepProgress p -> { } // byte counts of transfers: noise in a log
            case BuildEvent.StepCacheMiss m -> log.info(m.step() + " cache miss: " + m.reason());
            case BuildEvent.StepDone d -> log.info(d.step() + " DONE " + seconds(d.elapsed()));
            case BuildEvent.StepFailed f -> log.info(f.step() + " ERROR: " + f.message());
            case BuildEvent.Warning w -> {
                warnings.add(w.diagnostic());
                log.warn(w.diagnostic().format());
            }
            case BuildEvent.BuildDone b -> {
                log.info("writing image " + b.imageId() + " done (" + seconds(b.elapsed()) + ")");
                summary();
            }
            case BuildEvent.BuildFailed f -> failure = f;
        }
    }

    /** The failure the build reported last, if it failed. */
    synchronized Optional<BuildEvent.BuildFailed> failure() {
        return Optional.ofNullable(failure);
    }

    /** BuildKit's summary after a build with warnings, each at WARN. */
    private void summary() {
        if (warnings.isEmpty()) {
            return;
        }
        log.warn(warnings.size() == 1 ? "1 warning found (use stevedore:lint to expand):"
                : warnings.size() + " warnings found (use stevedore:lint to expand):");
        for (Diagnostic d : warnings) {
            log.warn(" - " + d.message() + (d.range() == null ? "" : " (line " + d.range().startLine() + ")"));
        }
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", Math.max(0, d.toMillis()) / 1000.0);
    }
}
