package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.SourceRange;
import dev.stevedore.event.BuildEvent;
import dev.stevedore.event.StepId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Frames of the tty view as pure functions of events, time and terminal size; and how they are drawn over each other. */
class TtyFrameTest {

    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    final TtyState state = new TtyState();

    private void started(int n, String name, int atMillis) {
        state.on(new BuildEvent.StepStarted(T.plusMillis(atMillis), new StepId(n), name));
    }

    private void output(int n, String line) {
        state.on(new BuildEvent.StepOutput(T, new StepId(n), BuildEvent.Stream.STDOUT, line));
    }

    @Test
    void parallelStagesRunTogetherWithTheirOutputFinishedStepsAreOneLine() {
        started(1, "[builder 1/3] FROM docker.io/library/busybox:latest", 0);
        state.on(new BuildEvent.StepDone(T.plusMillis(100), new StepId(1), Duration.ofMillis(100)));
        started(2, "[builder 2/3] COPY a.txt /a.txt", 100);
        state.on(new BuildEvent.StepCached(T.plusMillis(100), new StepId(2)));
        started(3, "[builder 3/3] RUN make", 200);
        for (int i = 1; i <= 8; i++) {
            output(3, "line " + i);
        }
        started(4, "[tools 1/2] FROM docker.io/library/alpine:3", 300);
        state.on(new BuildEvent.StepProgress(T.plusMillis(400), new StepId(4),
                "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", 1_000_000, 3_400_000));

        List<String> frame = TtyFrame.lines(state.snapshot(), T.plusMillis(4200), 72, 40, false);

        assertThat(String.join("\n", frame) + "\n").isEqualTo("""
                [+] Building 4.2s (2/4)
                 => [builder 1/3] FROM docker.io/library/busybox:latest             0.1s
                 => CACHED [builder 2/3] COPY a.txt /a.txt                          0.0s
                 => [builder 3/3] RUN make                                          4.0s
                 => => # line 3
                 => => # line 4
                 => => # line 5
                 => => # line 6
                 => => # line 7
                 => => # line 8
                 => [tools 1/2] FROM docker.io/library/alpine:3                     3.9s
                 => => sha256:0123456789ab 1.0 MB / 3.4 MB
                """);
        assertThat(frame).filteredOn(l -> l.endsWith("s")).allMatch(l -> l.length() == 72, "right-aligned at 72");
    }

    @Test
    void theLastFrameCollapsesEveryStepShowsFailuresWithTheirOutputAndWarnings() {
        state.on(new BuildEvent.Warning(T, Diagnostic.warning("Dockerfile", SourceRange.line(1),
                "FromAsCasing: 'as' and 'FROM' keywords' casing do not match")));
        started(1, "[a 1/2] FROM busybox", 0);
        state.on(new BuildEvent.StepDone(T.plusMillis(50), new StepId(1), Duration.ofMillis(50)));
        started(2, "[a 2/2] RUN exit 3", 50);
        output(2, "about to fail");
        state.on(new BuildEvent.StepFailed(T.plusMillis(1550), new StepId(2), Duration.ofMillis(1500),
                "Dockerfile:2: RUN exit 3: exit code 3"));
        started(3, "[b 2/2] RUN sleep 10", 60);
        output(3, "zzz");

        List<String> frame = TtyFrame.lines(state.snapshot(), T.plusMillis(1600), 60, 10, true);

        assertThat(String.join("\n", frame) + "\n").isEqualTo("""
                [+] Building 1.6s (2/3) FAILED
                 => [a 1/2] FROM busybox                                0.1s
                 => ERROR [a 2/2] RUN exit 3                            1.5s
                 => => # about to fail
                 => => ERROR: Dockerfile:2: RUN exit 3: exit code 3
                 => CANCELED [b 2/2] RUN sleep 10                       1.5s
                WARNING: Dockerfile:1: FromAsCasing: 'as' and 'FROM' keywords' casing do not match
                """);
    }

    @Test
    void aSuccessfulBuildEndsFinishedWithItsTotalTime() {
        started(1, "[stage-0 1/1] FROM scratch", 0);
        state.on(new BuildEvent.StepDone(T.plusMillis(10), new StepId(1), Duration.ofMillis(10)));
        state.on(new BuildEvent.BuildDone(T.plusMillis(2345), "sha256:" + "a".repeat(64), Duration.ofMillis(2345)));

        assertThat(TtyFrame.lines(state.snapshot(), T.plusSeconds(99), 50, 24, true)).containsExactly(
                "[+] Building 2.3s (1/1) FINISHED",
                " => [stage-0 1/1] FROM scratch                0.0s");
    }

    @Test
    void aBuildThatFailsOutsideAnyStepEndsFailed() {
        started(1, "[stage-0 1/1] FROM scratch", 0);
        state.on(new BuildEvent.StepDone(T.plusMillis(10), new StepId(1), Duration.ofMillis(10)));
        assertThat(TtyFrame.lines(state.snapshot(), T.plusMillis(500), 50, 24, true).getFirst())
                .isEqualTo("[+] Building 0.5s (1/1) FAILED");
        assertThat(TtyFrame.lines(new TtyState(T).snapshot(), T.plusMillis(100), 50, 24, true))
                .containsExactly("[+] Building 0.1s (0/0) FAILED");
    }

    @Test
    void aLiveFrameFitsTheTerminalOldestFinishedStepsGoFirstThenOutputLines() {
        for (int i = 1; i <= 30; i++) {
            started(i, "[s 1/1] RUN step " + i, 0);
            state.on(new BuildEvent.StepDone(T, new StepId(i), Duration.ZERO));
        }
        started(31, "[s 1/2] RUN running", 0);
        for (int i = 1; i <= 6; i++) {
            output(31, "out " + i);
        }
        List<String> roomy = TtyFrame.lines(state.snapshot(), T, 80, 12, false);
        assertThat(roomy).hasSize(11).startsWith("[+] Building 0.0s (30/31)");
        assertThat(roomy.subList(1, 4)).allMatch(l -> l.startsWith(" => [s 1/1] RUN step 2") || l.startsWith(" => [s 1/1] RUN step 30"))
                .first().asString().startsWith(" => [s 1/1] RUN step 28 ");
        assertThat(roomy.subList(4, 11)).allMatch(l -> l.startsWith(" => [s 1/2] RUN running") || l.startsWith(" => => # out"));

        List<String> tight = TtyFrame.lines(state.snapshot(), T, 80, 5, false);  // 4 lines and the cursor's
        assertThat(tight).containsExactly("[+] Building 0.0s (30/31)",
                " => [s 1/2] RUN running                                                     0.0s",
                " => => # out 5", " => => # out 6");
    }

    @Test
    void everyLineIsCutToTheTerminalWidthAndOutputIsMadeSafe() {
        started(1, "[builder 1/1] RUN " + "x".repeat(200), 0);
        output(1, "\u001B[31mred\u001B[0m\tafter tab " + "漢字".repeat(40));
        output(1, "downloading 10%\rdownloading 100%");
        List<String> frame = TtyFrame.lines(state.snapshot(), T, 40, 24, false);
        assertThat(frame).allMatch(l -> TerminalText.width(l) <= 40, "at most 40 cells")
                .noneMatch(l -> l.contains("\u001B") || l.contains("\t") || l.contains("\r"));
        assertThat(frame.get(1)).endsWith(" 0.0s").hasSize(40);
        assertThat(frame.get(2)).startsWith(" => => # red     after tab 漢字");
        assertThat(TerminalText.width(frame.get(2))).isBetween(39, 40);
        assertThat(frame.get(3)).isEqualTo(" => => # downloading 100%");
    }

    @Test
    void framesAreDrawnOverEachOtherAndTheLastLeavesOnlyTheSummaryAndTheCursorShown() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicReference<Instant> now = new AtomicReference<>(T);
        InstantSource clock = now::get;
        TtyProgress tty = new TtyProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), clock, () -> 60, () -> 20);
        tty.on(new BuildEvent.StepStarted(T, new StepId(1), "[a 1/2] RUN make"));
        for (int i = 1; i <= 9; i++) {
            tty.on(new BuildEvent.StepOutput(T, new StepId(1), BuildEvent.Stream.STDOUT, "compiling " + i));
        }
        tty.draw();
        now.set(T.plusMillis(1500));
        tty.on(new BuildEvent.StepDone(T.plusMillis(1500), new StepId(1), Duration.ofMillis(1500)));
        tty.draw();
        tty.on(new BuildEvent.BuildDone(T.plusMillis(1500), "sha256:" + "a".repeat(64), Duration.ofMillis(1500)));
        tty.close();
        String afterClose = bytes.toString(StandardCharsets.UTF_8);
        tty.draw();
        tty.on(new BuildEvent.StepStarted(T, new StepId(2), "late"));
        tty.close();

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).as("nothing is drawn after close").isEqualTo(afterClose)
                .startsWith(TtyProgress.HIDE_CURSOR).endsWith(TtyProgress.SHOW_CURSOR);
        ScreenReplay screen = ScreenReplay.of(out);
        assertThat(screen.redraws).isEqualTo(2);
        assertThat(screen.cursorVisible).isTrue();
        assertThat(screen.screen()).as("the longer first frame left nothing behind").containsExactly(
                "[+] Building 1.5s (1/1) FINISHED",
                " => [a 1/2] RUN make                                    1.5s");
    }
}
