package dev.stevedore.cli;

import dev.stevedore.event.BuildEvent;
import dev.stevedore.event.BuildListener;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --progress quiet} (and {@code -q}): nothing while the build goes well. A step that fails
 * is shown as {@link PlainProgress} would have shown it, with its last {@link #TAIL} lines of
 * output, so that a quiet CI log still says why.
 */
final class QuietProgress implements BuildListener {

    static final int TAIL = 20;

    private final PrintStream err;
    /** Running steps: their start and last output events. */
    private final Map<Integer, Deque<BuildEvent>> running = new HashMap<>();

    QuietProgress(PrintStream err) {
        this.err = err;
    }

    @Override
    public synchronized void on(BuildEvent event) {
        switch (event) {
            case BuildEvent.StepStarted s -> running.put(s.step().number(), new ArrayDeque<>(List.of(s)));
            case BuildEvent.StepOutput o -> {
                Deque<BuildEvent> kept = running.get(o.step().number());
                if (kept != null) {
                    kept.addLast(o);
                    if (kept.size() > TAIL + 1) {
                        BuildEvent start = kept.removeFirst();
                        kept.removeFirst();
                        kept.addFirst(start);
                    }
                }
            }
            case BuildEvent.StepFailed f -> {
                PlainProgress plain = new PlainProgress(err);
                running.getOrDefault(f.step().number(), new ArrayDeque<>()).forEach(plain::on);
                plain.on(f);
                running.remove(f.step().number());
            }
            case BuildEvent.StepDone d -> running.remove(d.step().number());
            case BuildEvent.StepCached c -> running.remove(c.step().number());
            case BuildEvent.StepProgress p -> { }
            case BuildEvent.Warning w -> { }
            case BuildEvent.BuildDone b -> { }
        }
    }
}
