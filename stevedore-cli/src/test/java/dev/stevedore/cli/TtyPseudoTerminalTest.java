package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.testing.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a separate process under a real pseudo-terminal ({@code script} from bsdutils), with
 * {@code --progress auto}: it must find the terminal, draw live frames, and end with a clean
 * summary, the cursor shown, and nothing drawn after it. The output is replayed on a model of
 * the terminal ({@link ScreenReplay}) to see what the user is left with.
 */
class TtyPseudoTerminalTest {

    static final int COLUMNS = 100;

    @TempDir
    Path dir;

    @Test
    void autoDetectsTheTerminalDrawsLiveFramesAndEndsCleanly() throws Exception {
        Prerequisites.tool("script");
        ProgressBuilds b = ProgressBuilds.in(dir, """
                FROM busybox AS builder
                RUN echo start && sleep 2 && echo end > /out
                FROM busybox
                COPY --from=builder /out /out
                """);

        String first = inTerminal(b);
        String afterLastFrame = first.substring(first.lastIndexOf(TtyProgress.SHOW_CURSOR) + TtyProgress.SHOW_CURSOR.length());
        assertThat(afterLastFrame).as("only the image id follows the last frame").matches("sha256:[0-9a-f]{64}\r\n");
        assertThat(first).as("auto chose the tty view").startsWith(TtyProgress.HIDE_CURSOR)
                .as("a live frame showed the running step's output").contains(" => => # start");
        ScreenReplay screen = ScreenReplay.of(first);
        assertThat(screen.redraws).isGreaterThanOrEqualTo(2);
        assertThat(screen.cursorVisible).isTrue();
        assertThat(screen.screen()).allMatch(l -> l.length() <= COLUMNS);
        assertThat(timesMasked(screen.screen())).containsExactly(
                "[+] Building <t> (7/7) FINISHED",
                " => [internal] load build definition from Dockerfile <t>",
                " => => transferring dockerfile: 112B done",
                " => [internal] load .dockerignore <t>",
                " => => transferring context: 0B done",
                " => [builder 1/2] FROM docker.io/library/busybox:latest <t>",
                " => [builder 2/2] RUN echo start && sleep 2 && echo end > /out <t>",
                " => [stage-1 1/2] FROM docker.io/library/busybox:latest <t>",
                " => [stage-1 2/2] COPY --from=builder /out /out <t>",
                " => exporting to image <t>",
                afterLastFrame.strip());

        List<String> again = ScreenReplay.of(inTerminal(b)).screen();
        assertThat(timesMasked(again)).contains(" => CACHED [builder 2/2] RUN echo start && sleep 2 && echo end > /out <t>",
                " => CACHED [stage-1 2/2] COPY --from=builder /out /out <t>").first()
                .isEqualTo("[+] Building <t> (7/7) FINISHED");
    }

    @Test
    void aFailedBuildEndsWithTheFailedStepItsOutputAndTheErrorBelowTheFrame() throws Exception {
        ProgressBuilds b = ProgressBuilds.in(dir, "FROM busybox\nRUN echo doomed && exit 3\n");
        PtyRun run = inPythonPty(b, 70, 20, "");
        assertThat(run.code()).as(run.output()).isEqualTo(Cli.FAILED);
        ScreenReplay screen = ScreenReplay.of(run.output());
        assertThat(screen.cursorVisible).isTrue();
        List<String> lines = timesMasked(screen.screen());
        assertThat(lines.subList(0, 8)).containsExactly(
                "[+] Building <t> (4/4) FAILED",
                " => [internal] load build definition from Dockerfile <t>",
                " => => transferring dockerfile: 39B done",
                " => [internal] load .dockerignore <t>",
                " => => transferring context: 0B done",
                " => [1/2] FROM docker.io/library/busybox:latest <t>",
                " => ERROR [2/2] RUN echo doomed && exit 3 <t>",
                " => => # doomed");
        assertThat(screen.screen().get(8)).startsWith(" => => ERROR: Dockerfile:2: process \"/bin/sh -c echo doomed && exit 3\"")
                .as("the terminal's own size (TIOCGWINSZ) cut the line").hasSize(70);
        assertThat(lines.subList(9, lines.size())).as("the CLI's error, below the frame").anyMatch(l -> l.startsWith("ERROR: "));
        String tail = run.output().substring(run.output().lastIndexOf(TtyProgress.SHOW_CURSOR));
        assertThat(tail).as("no frame after the end").doesNotContain("[+] Building");
    }

    @Test
    void anInterruptedBuildEndsWithTheRunningStepsCancelledAndTheCursorShown() throws Exception {
        ProgressBuilds b = ProgressBuilds.in(dir, "FROM busybox\nRUN echo started && sleep 60\n");
        PtyRun run = inPythonPty(b, 90, 20, "# started");
        try {
            assertThat(run.code()).as(run.output()).isEqualTo(130);
            ScreenReplay screen = ScreenReplay.of(run.output());
            assertThat(screen.cursorVisible).isTrue();
            assertThat(timesMasked(screen.screen())).containsSubsequence(
                    "[+] Building <t> (3/4) CANCELED",
                    " => [1/2] FROM docker.io/library/busybox:latest <t>",
                    " => CANCELED [2/2] RUN echo started && sleep 60 <t>");
            String tail = run.output().substring(run.output().lastIndexOf(TtyProgress.SHOW_CURSOR));
            assertThat(tail.strip()).as("only the CLI's last word after the last frame")
                    .isEqualTo(TtyProgress.SHOW_CURSOR + "ERROR: the build was interrupted");
        } finally {
            // the next build on the store removes what the interrupted one left (its container, its
            // overlay) when it starts; a quick one, not the sleep again
            Files.writeString(dir.resolve("ctx/Dockerfile"), "FROM busybox\nRUN true\n");
            assertThat(b.build("--progress", "plain").code()).isZero();
        }
    }

    /** What a run under {@code pty-run.py} left: the command's exit code, what the terminal received. */
    record PtyRun(int code, String output) {}

    private PtyRun inPythonPty(ProgressBuilds b, int columns, int rows, String interruptAfter) throws Exception {
        Prerequisites.tool("python3");
        Path driver = dir.resolve("pty-run.py");
        try (var in = getClass().getResourceAsStream("pty-run.py")) {
            Files.copy(in, driver);
        }
        Path output = dir.resolve("pty-" + System.nanoTime() + ".out");
        List<String> command = new ArrayList<>(List.of("python3", driver.toString(), Integer.toString(columns),
                Integer.toString(rows), output.toString(), interruptAfter, "--"));
        command.addAll(java(b));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("pty-run.log").toFile());
        pb.environment().remove("COLUMNS");
        pb.environment().remove("LINES");
        pb.environment().put("TERM", "xterm");
        Process p = awaited(pb.start());
        assertThat(output).as(Files.readString(dir.resolve("pty-run.log"))).exists();
        return new PtyRun(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    private static List<String> java(ProgressBuilds b) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.stevedore.cli.Main", "build", "--root", b.root().toString(), "--progress", "auto",
                b.context().toString());
    }

    /** {@code p}, ended (killed if it takes more than 5 minutes, which fails the test). */
    private static Process awaited(Process p) throws InterruptedException, IOException {
        try {
            assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("the build ended").isTrue();
        } finally {
            p.destroyForcibly();
            p.getOutputStream().close();
        }
        return p;
    }

    /** The step lines' right-aligned times (and the padding before them), and the total, as {@code <t>}. */
    private static List<String> timesMasked(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(l.replaceAll(" +\\d+\\.\\ds$", " <t>").replaceAll("Building \\d+\\.\\ds", "Building <t>"));
        }
        return out;
    }

    /** Runs the build under {@code script}, in a terminal of {@link #COLUMNS} columns; what the terminal received. */
    private String inTerminal(ProgressBuilds b) throws IOException, InterruptedException {
        String command = String.join(" ", java(b).stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
        Path typescript = Files.createTempFile(dir, "pty", ".out");
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", command, "/dev/null")
                .redirectOutput(typescript.toFile()).redirectErrorStream(true);
        // script's terminal has no size when ours is none: the view then takes $COLUMNS and $LINES
        pb.environment().put("COLUMNS", Integer.toString(COLUMNS));
        pb.environment().put("LINES", "40");
        pb.environment().put("TERM", "xterm");
        Process p = awaited(pb.start());
        String out = Files.readString(typescript, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
