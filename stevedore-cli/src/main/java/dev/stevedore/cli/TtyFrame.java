package dev.stevedore.cli;

import dev.stevedore.cli.TtyState.Snapshot;
import dev.stevedore.cli.TtyState.Status;
import dev.stevedore.cli.TtyState.Step;
import dev.stevedore.cli.TtyState.Transfer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One frame of the tty view, a pure function of the build's state, the time and the terminal's
 * size, as BuildKit draws it:
 *
 * <pre>
 * [+] Building 4.2s (3/5)
 *  => [builder 1/3] FROM docker.io/library/busybox:latest               0.1s
 *  => CACHED [builder 2/3] COPY a.txt /a.txt                            0.0s
 *  => [builder 3/3] RUN make                                            3.9s
 *  => => # cc -o app main.c
 *  => [stage-1 1/2] FROM docker.io/library/alpine:3                     0.4s
 *  => => sha256:0123456789ab 1.0 MB / 3.4 MB
 * </pre>
 *
 * Running steps of every stage show together, each with its transfers and its last lines of
 * output; finished steps are one line with their time. A live frame fits the terminal (oldest
 * finished steps go first, then output lines), so that it can be redrawn in place; the last
 * frame shows every step, the failed ones with their output, and the build's warnings.
 */
final class TtyFrame {

    private TtyFrame() {}

    /**
     * @param last    the final frame: nothing is running any more (steps still running were cancelled)
     * @param columns lines are cut to this many cells
     * @param rows    a live frame has fewer lines than this, so that it never scrolls
     */
    static List<String> lines(Snapshot state, Instant now, int columns, int rows, boolean last) {
        List<Step> shown = new ArrayList<>(state.steps());
        int tail = TtyState.TAIL;
        if (!last) {
            int budget = Math.max(2, rows - 1);
            while (count(shown, tail, false) > budget) {
                int finished = indexOfFinished(shown);
                if (finished >= 0) {
                    shown.remove(finished);
                } else if (tail > 0) {
                    tail--;
                } else {
                    shown.removeFirst();
                }
            }
        }
        List<String> out = new ArrayList<>();
        out.add(TerminalText.cut(header(state, now, last), columns));
        for (Step s : shown) {
            out.add(TerminalText.spread(" => " + label(s, last) + TerminalText.clean(s.name()), seconds(elapsed(s, now)),
                    columns));
            for (String sub : details(s, tail, last)) {
                out.add(TerminalText.cut(" => => " + sub, columns));
            }
        }
        if (last) {
            for (String w : state.warnings()) {
                out.add("WARNING: " + TerminalText.clean(w)); // whole: the last frame is never redrawn
            }
        }
        return out;
    }

    private static String header(Snapshot state, Instant now, boolean last) {
        List<Step> steps = state.steps();
        long finished = steps.stream().filter(Step::finished).count();
        Duration total = state.finished().orElseGet(() -> state.started().map(t -> Duration.between(t, now))
                .orElse(Duration.ZERO));
        String h = "[+] Building " + seconds(total) + " (" + finished + "/" + steps.size() + ")";
        if (!last) {
            return h;
        }
        // a build can also fail outside any step (a Dockerfile error, a push): only BuildDone means success
        boolean failed = steps.stream().anyMatch(s -> s.status() == Status.FAILED);
        boolean cancelled = steps.stream().anyMatch(s -> !s.finished());
        return h + (failed ? " FAILED" : cancelled ? " CANCELED" : state.finished().isPresent() ? " FINISHED" : " FAILED");
    }

    private static String label(Step s, boolean last) {
        return switch (s.status()) {
            case RUNNING -> last ? "CANCELED " : "";
            case DONE -> "";
            case CACHED -> "CACHED ";
            case FAILED -> "ERROR ";
        };
    }

    /**
     * Under a step: its unfinished transfers and last output lines while it runs, its output when
     * it failed; BuildKit's own lines ({@code transferring dockerfile: 32B}) always, as BuildKit keeps them.
     */
    private static List<String> details(Step s, int tail, boolean last) {
        List<String> out = new ArrayList<>();
        boolean running = s.status() == Status.RUNNING && !last;
        for (Transfer t : s.transfers()) {
            if (t.item().endsWith(":") || (running && !t.complete())) {
                out.add(TransferText.of(t.item(), t.done(), t.total()));
            }
        }
        if (running || s.status() == Status.FAILED) {
            List<String> lines = s.tail();
            for (String line : lines.subList(Math.max(0, lines.size() - tail), lines.size())) {
                out.add("# " + TerminalText.clean(line));
            }
        }
        if (s.status() == Status.FAILED && !s.error().isEmpty()) {
            out.add("ERROR: " + TerminalText.clean(s.error()));
        }
        return out;
    }

    private static int count(List<Step> steps, int tail, boolean last) {
        int n = 1;
        for (Step s : steps) {
            n += 1 + details(s, tail, last).size();
        }
        return n;
    }

    private static int indexOfFinished(List<Step> steps) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).finished()) {
                return i;
            }
        }
        return -1;
    }

    private static Duration elapsed(Step s, Instant now) {
        return s.elapsed().orElseGet(() -> Duration.between(s.started(), now));
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", Math.max(0, d.toMillis()) / 1000.0);
    }
}
