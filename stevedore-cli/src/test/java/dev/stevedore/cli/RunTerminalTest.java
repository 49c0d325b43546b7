package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.store.Store;
import dev.stevedore.testing.BusyboxImage;
import dev.stevedore.testing.Prerequisites;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stevedore run -i -t} as a user at a terminal meets it: the CLI as its own process under a
 * real pseudo-terminal ({@code pty-run.py}), a shell in the image typed into, the container's own
 * terminal of the user's terminal's size; and the {@code docker run} options that need an engine,
 * refused in one sentence.
 */
class RunTerminalTest {

    @TempDir
    Path dir;

    @Test
    void runItIsAShellInTheImageOnAPseudoTerminalOfTheCallersSize() throws Exception {
        Prerequisites.tool("python3");
        Path root = busybox();
        PtyRun r = inPty(root, 77, 23, "# ", "tty; stty size; echo typed-$((6*7)); exit 3\r",
                "run", "-it", "busybox", "sh");
        assertThat(r.code()).as(r.output()).isEqualTo(3);
        assertThat(r.output()).as("a shell on a terminal prompts, and its terminal is a pty of its own")
                .contains("/dev/pts/0\r\n")
                .as("the caller's window size, passed on").contains("23 77\r\n")
                .as("what was typed reached the shell").contains("typed-42\r\n");
    }

    @Test
    void withoutDashIOnlyOutputIsOnTheTerminal() throws Exception {
        Prerequisites.tool("python3");
        Path root = busybox();
        PtyRun r = inPty(root, 80, 24, "", "", "run", "-t", "busybox", "sh", "-c", "test -t 1 && echo on-a-tty; test -t 0 && echo stdin-too; exit 0");
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("on-a-tty\r\n").as("no -i: the terminal's pty, with no input from the user")
                .contains("stdin-too");
    }

    @Test
    void dashItFromAPipeIsDockersNotATtyError() throws Exception {
        Path root = busybox();
        CliRun r = CliRun.run("ls\n", "--root", root.toString(), "run", "-it", "busybox", "sh");
        assertThat(r.code()).isEqualTo(RunCommand.DAEMON_ERROR);
        assertThat(r.err()).isEqualTo("ERROR: the input device is not a TTY: -t with -i needs standard input to be"
                + " a terminal (drop -t to pipe input into the container)\n");
        assertThat(CliRun.run("echo piped\n", "--root", root.toString(), "run", "-i", "busybox", "sh").out())
                .as("-i from a pipe: the pipe's bytes").isEqualTo("piped\n");
    }

    @Test
    void publishAndDetachAreAContainerEnginesJob() {
        CliRun p = CliRun.run("", "--root", dir.resolve("store").toString(), "run", "-p", "8080:80", "busybox");
        assertThat(p.code()).isEqualTo(RunCommand.DAEMON_ERROR);
        assertThat(p.err()).isEqualTo("ERROR: -p/--publish is a container engine's job: stevedore run has no daemon to"
                + " forward ports; use --network host (the container's ports are then the host's), or run the"
                + " image with docker or podman (stevedore push, or stevedore save | docker load)\n");
        CliRun d = CliRun.run("", "--root", dir.resolve("store").toString(), "run", "-d", "busybox");
        assertThat(d.code()).isEqualTo(RunCommand.DAEMON_ERROR);
        assertThat(d.err()).startsWith("ERROR: -d/--detach is a container engine's job: stevedore run runs one"
                + " foreground process").endsWith("(stevedore push, or stevedore save | docker load)\n")
                .doesNotContain("\n\t");
    }

    private Path busybox() throws Exception {
        BusyboxImage.assumeRunnable();
        Path root = dir.resolve("store");
        BusyboxImage.write(Store.open(root), dir.resolve("image"), "docker.io/library/busybox:latest",
                c -> c.withEnv(List.of("PATH=/bin")));
        return root;
    }

    record PtyRun(int code, String output) {}

    /** The CLI under a new pty of {@code columns}x{@code rows}; types {@code input} after {@code prompt}. */
    private PtyRun inPty(Path root, int columns, int rows, String prompt, String input, String... args)
            throws Exception {
        Path driver = dir.resolve("pty-run.py");
        try (var in = getClass().getResourceAsStream("pty-run.py")) {
            Files.copy(in, driver);
        }
        Path output = dir.resolve("pty.out");
        List<String> command = new ArrayList<>(List.of("python3", driver.toString(), Integer.toString(columns),
                Integer.toString(rows), output.toString(), "", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.stevedore.cli.Main", "--root", root.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("pty-run.log").toFile());
        pb.environment().put("PTY_PROMPT", prompt);
        pb.environment().put("PTY_INPUT", input);
        pb.environment().put("TERM", "xterm");
        Process p = pb.start();
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the run ended").isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(output).as(Files.readString(dir.resolve("pty-run.log"))).exists();
        return new PtyRun(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
