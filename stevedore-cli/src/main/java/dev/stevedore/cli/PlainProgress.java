package dev.stevedore.cli;

import dev.stevedore.diag.Diagnostic;
import dev.stevedore.event.BuildEvent;
import dev.stevedore.event.BuildListener;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * BuildKit's {@code --progress=plain} format: {@code #5 [builder 2/4] RUN go build .}, output
 * lines as {@code #5 0.412 hello} (seconds since the step started), transfers as
 * {@code #5 sha256:0123456789ab 1.0 MB / 3.4 MB}, then {@code #5 DONE 3.1s},
 * {@code #5 CACHED} or {@code #5 ERROR: message}. One line per event, so parallel stages
 * interleave line by line. The build checks' warnings print as they come and again, summed up,
 * after the build ({@link WarningSummary}). It does not flush: {@link RendererThread} flushes once
 * per batch of events.
 */
final class PlainProgress implements BuildListener {

    private final PrintStream out;
    private final Map<Integer, Instant> started = new ConcurrentHashMap<>();
    /** The build checks' warnings, repeated after the build as BuildKit does. */
    private final List<Diagnostic> warnings = new ArrayList<>();

    PlainProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void on(BuildEvent event) {
        switch (event) {
            case BuildEvent.StepStarted s -> {
                started.put(s.step().number(), s.at());
                out.println(s.step() + " " + s.name());
            }
            case BuildEvent.StepCached c -> out.println(c.step() + " CACHED");
            case BuildEvent.StepCacheMiss m -> out.println(m.step() + " cache miss: " + m.reason());
            case BuildEvent.StepOutput o -> out.println(o.step() + " " + seconds(Duration.between(
                    started.getOrDefault(o.step().number(), o.at()), o.at()), 3) + " " + o.line());
            case BuildEvent.StepProgress p -> out.println(p.step() + " " + TransferText.of(p.item(), p.done(), p.total()));
            case BuildEvent.StepDone d -> out.println(d.step() + " DONE " + seconds(d.elapsed(), 1) + "s");
            case BuildEvent.StepFailed f -> out.println(f.step() + " ERROR: " + f.message());
            case BuildEvent.Warning w -> {
                warnings.add(w.diagnostic());
                out.println("WARNING: " + w.diagnostic().format());
            }
            case BuildEvent.BuildDone b -> {
                out.println("writing image " + b.imageId() + " done");
                out.print(WarningSummary.of(warnings));
            }
            case BuildEvent.BuildFailed f -> { } // the error view follows the progress, in every mode
        }
    }

    /**
     * {@code d} in seconds with {@code decimals} (at most 9) digits after the point, rounded half
     * up as {@code %.Nf} would; by hand, since it runs for every line of output. A negative
     * duration (the wall clock stepped back) shows as zero.
     */
    static String seconds(Duration d, int decimals) {
        long unit = POWERS_OF_TEN[9 - decimals];
        long units = (Math.max(0, d.toNanos()) + unit / 2) / unit;
        long scale = POWERS_OF_TEN[decimals];
        StringBuilder b = new StringBuilder(12).append(units / scale);
        if (decimals > 0) {
            String fraction = Long.toString(units % scale);
            b.append('.').repeat('0', decimals - fraction.length()).append(fraction);
        }
        return b.toString();
    }

    private static final long[] POWERS_OF_TEN = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L,
            10_000_000L, 100_000_000L, 1_000_000_000L};
}
