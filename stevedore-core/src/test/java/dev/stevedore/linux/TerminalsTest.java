package dev.stevedore.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Terminals#isTerminal} tells from {@code /proc} what {@code isatty} says. */
class TerminalsTest {

    @TempDir
    Path dir;

    @Test
    void ttyDevicesAreTerminalsAndOtherFilesAreNot() throws Exception {
        assertThat(Terminals.ttyDevice(Path.of("/dev/ptmx"))).contains(true);
        assertThat(Terminals.ttyDevice(Path.of("/dev/tty"))).contains(true);
        assertThat(Terminals.ttyDevice(Path.of("/dev/null"))).contains(false);
        assertThat(Terminals.ttyDevice(Files.writeString(dir.resolve("file"), "x"))).contains(false);
        assertThat(Terminals.ttyDevice(dir)).contains(false);
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        assertThat(Terminals.ttyDevice(fifo)).contains(false);
        assertThat(Terminals.ttyDevice(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void agreesWithIsattyOnThisProcesssStandardStreams() {
        for (int fd = 0; fd <= 2; fd++) {
            assertThat(Terminals.isTerminal(fd)).as("fd %d", fd).isEqualTo(Terminals.isatty(fd));
        }
    }

    @Test
    void readsTheDriversMinorRangesAndSingleMinors() {
        List<String> drivers = List.of(
                "/dev/tty             /dev/tty        5       0 system:/dev/tty",
                "serial               /dev/ttyS       4      64 serial",
                "pty_slave            /dev/pts      136 0-1048575 pty:slave",
                "unknown              /dev/tty        4 1-63 console");
        assertThat(Terminals.isTtyDriverDevice(drivers, 136, 3)).isTrue();
        assertThat(Terminals.isTtyDriverDevice(drivers, 5, 0)).isTrue();
        assertThat(Terminals.isTtyDriverDevice(drivers, 5, 1)).isFalse();
        assertThat(Terminals.isTtyDriverDevice(drivers, 4, 64)).isTrue();
        assertThat(Terminals.isTtyDriverDevice(drivers, 4, 65)).isFalse();
        assertThat(Terminals.isTtyDriverDevice(drivers, 4, 63)).isTrue();
        assertThat(Terminals.isTtyDriverDevice(drivers, 1, 3)).isFalse();
    }

    @Test
    void aPseudoTerminalIsOneThroughItsDescriptorToo() throws Exception {
        // python's pty gives the child a pty as standard error; the child asks through /proc/<pid>/fd/2
        Process p = new ProcessBuilder("python3", "-c",
                "import os, pty, sys\n"
                        + "pid, fd = pty.fork()\n"
                        + "if pid == 0:\n"
                        + "    os.write(1, b'ready')\n"
                        + "    os.execvp('sleep', ['sleep', '30'])\n"
                        + "os.read(fd, 5)\n"
                        + "print(pid, flush=True)\n"
                        + "sys.stdin.read()\n"
                        + "os.kill(pid, 9)\n")
                .start();
        try {
            String pid = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
                    .readLine().strip();
            assertThat(Terminals.ttyDevice(Path.of("/proc", pid, "fd", "2"))).contains(true);
        } finally {
            p.getOutputStream().close();
            p.waitFor();
        }
    }
}
