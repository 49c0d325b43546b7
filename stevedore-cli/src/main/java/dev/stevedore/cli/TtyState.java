package dev.stevedore.cli;

import dev.stevedore.event.BuildEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the tty view knows of a build, folded from its events (from any thread); {@link TtyFrame}
 * draws frames from its immutable {@link #snapshot()}s. Each step keeps only the last
 * {@link #TAIL} lines of its output and the latest state of each of its transfers.
 */
final class TtyState {

    /** Lines of output kept per step: what a running step shows under its name. */
    static final int TAIL = 6;

    enum Status { RUNNING, DONE, CACHED, FAILED }

    /** A transfer inside a step (a blob being pulled). */
    record Transfer(String item, long done, long total) {
        boolean complete() {
            return done >= total;
        }
    }

    /**
     * One step as the view shows it.
     *
     * @param elapsed  its time once it ended; empty while it runs
     * @param error    the reason it failed, for {@link Status#FAILED}
     */
    record Step(int number, String name, Instant started, Status status, Optional<Duration> elapsed,
                List<String> tail, List<Transfer> transfers, String error) {

        Step {
            tail = List.copyOf(tail);
            transfers = List.copyOf(transfers);
        }

        boolean finished() {
            return status != Status.RUNNING;
        }

        Step ended(Status to, Duration took, String reason) {
            return new Step(number, name, started, to, Optional.of(took), tail, transfers, reason);
        }

        Step withLine(String line) {
            List<String> lines = new ArrayList<>(tail);
            lines.add(line);
            return new Step(number, name, started, status, elapsed,
                    lines.subList(Math.max(0, lines.size() - TAIL), lines.size()), transfers, error);
        }

        Step withTransfer(Transfer t) {
            List<Transfer> list = new ArrayList<>(transfers);
            list.removeIf(old -> old.item().equals(t.item()));
            list.add(t);
            return new Step(number, name, started, status, elapsed, tail, list, error);
        }
    }

    /**
     * The whole build at one moment.
     *
     * @param started  when the first event came (the build's clock starts there)
     * @param finished the build's total time once {@link BuildEvent.BuildDone} came
     */
    record Snapshot(Optional<Instant> started, List<Step> steps, List<String> warnings, Optional<Duration> finished) {
        Snapshot {
            steps = List.copyOf(steps);
            warnings = List.copyOf(warnings);
        }
    }

    private final Map<Integer, Step> steps = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private Instant started;
    private Duration finished;

    /** A state whose clock starts with the first event. */
    TtyState() {}

    /** A state whose clock starts at {@code started} (when the view opened, before the build's first event). */
    TtyState(Instant started) {
        this.started = started;
    }

    synchronized void on(BuildEvent event) {
        if (started == null) {
            started = event.at();
        }
        switch (event) {
            case BuildEvent.StepStarted s -> steps.put(s.step().number(), new Step(s.step().number(), s.name(),
                    s.at(), Status.RUNNING, Optional.empty(), List.of(), List.of(), ""));
            case BuildEvent.StepCached c -> update(c.step().number(),
                    s -> s.ended(Status.CACHED, Duration.between(s.started(), c.at()), ""));
            case BuildEvent.StepCacheMiss m -> update(m.step().number(), s -> s.withLine("cache miss: " + m.reason()));
            case BuildEvent.StepOutput o -> update(o.step().number(), s -> s.withLine(o.line()));
            case BuildEvent.StepProgress p -> update(p.step().number(),
                    s -> s.withTransfer(new Transfer(p.item(), p.done(), p.total())));
            case BuildEvent.StepDone d -> update(d.step().number(), s -> s.ended(Status.DONE, d.elapsed(), ""));
            case BuildEvent.StepFailed f -> update(f.step().number(),
                    s -> s.ended(Status.FAILED, f.elapsed(), f.message()));
            case BuildEvent.Warning w -> warnings.add(w.diagnostic().format());
            case BuildEvent.BuildDone b -> finished = b.elapsed();
            case BuildEvent.BuildFailed f -> { } // the error view prints it after the last frame
        }
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(Optional.ofNullable(started), new ArrayList<>(steps.values()), warnings,
                Optional.ofNullable(finished));
    }

    private void update(int number, java.util.function.UnaryOperator<Step> change) {
        steps.computeIfPresent(number, (n, s) -> change.apply(s));
    }
}
