package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.store.Store;
import dev.stevedore.testing.BusyboxImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stevedore run} of a busybox image; the runs need root, runc and busybox. */
class RunCommandTest {

    @TempDir
    Path dir;

    private String root;

    @BeforeEach
    void setUp() {
        root = dir.resolve("store").toString();
    }

    private void image() throws Exception {
        BusyboxImage.assumeRunnable();
        BusyboxImage.write(Store.open(Path.of(root)), dir.resolve("image"), "docker.io/library/busybox:latest",
                c -> c.withEnv(List.of("PATH=/bin")).withEntrypoint(List.of("/bin/sh", "-c"))
                        .withCmd(List.of("echo from cmd")));
    }

    private CliRun run(String stdin, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "--root";
        all[1] = root;
        all[2] = "run";
        System.arraycopy(args, 0, all, 3, args.length);
        return CliRun.run(stdin, all);
    }

    @Test
    void echoHello() throws Exception {
        image();
        CliRun r = run("", "--rm", "busybox", "echo hello");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("hello\n");
        assertThat(r.code()).isZero();
        assertThat(run("", "busybox").out()).isEqualTo("from cmd\n");
    }

    @Test
    void exitCodeOfTheProcess() throws Exception {
        image();
        CliRun r = run("", "--entrypoint", "sh", "busybox", "-c", "echo bye >&2; exit 7");
        assertThat(r.code()).isEqualTo(7);
        assertThat(r.err()).isEqualTo("bye\n");
    }

    @Test
    void optionsTakeEffect() throws Exception {
        image();
        Path host = Files.createDirectories(dir.resolve("host"));
        Files.writeString(host.resolve("f"), "host file\n");
        CliRun r = run("piped\n", "-e", "A=1", "-e", "PATH", "-u", "1000:2000", "-w", "/tmp", "--network", "none",
                "-v", host + ":/mnt:ro", "--entrypoint", "/bin/sh", "busybox", "-c",
                "echo $A; id -u; id -g; pwd; cat /mnt/f; cat; ip -o link | wc -l; test \"$PATH\" = \"" + System.getenv("PATH")
                        + "\" && echo host-path");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("1\n1000\n2000\n/tmp\nhost file\npiped\n1\nhost-path\n");
        assertThat(r.code()).isZero();
    }

    @Test
    void hostnameAndEnvFilesAsDockerReadsThem() throws Exception {
        image();
        Path envFile = Files.writeString(dir.resolve("app.env"), """
                # a comment, then a blank line

                  A=from file
                B=file
                PATH
                """);
        CliRun r = run("", "--hostname", "web1", "--env-file", envFile.toString(), "-e", "B=flag",
                "--entrypoint", "/bin/sh", "busybox", "-c", "hostname; echo \"$A|$B\"; test \"$PATH\" = \""
                        + System.getenv("PATH") + "\" && echo host-path");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("web1\nfrom file|flag\nhost-path\n");
        assertThat(r.code()).isZero();

        CliRun missing = run("", "--env-file", dir.resolve("nope.env").toString(), "busybox");
        assertThat(missing.code()).isEqualTo(125);
        assertThat(missing.err()).isEqualTo("ERROR: env file " + dir.resolve("nope.env") + " does not exist\n");
        Path bad = Files.writeString(dir.resolve("bad.env"), "OK=1\nMY VAR=x\n");
        assertThat(run("", "--env-file", bad.toString(), "busybox").err())
                .isEqualTo("ERROR: " + bad + ":2: variable \"MY VAR=x\" contains whitespaces\n");
    }

    /**
     * {@code --name} is refused while another run on the store has it, as Docker refuses a name in
     * use; a run killed with SIGKILL gives its name back (the kernel drops its lock).
     */
    @Test
    void aNameInUseIsAConflictUntilItsRunIsGone() throws Exception {
        image();
        CliProcess first = CliProcess.start("--root", root, "run", "--name", "web", "--entrypoint", "sh", "busybox",
                "-c", "echo started; exec sleep 600");
        try {
            first.stdin().close(); // end-of-file: a run reads a piped standard input whole first
            for (int i = 0; !first.out().contains("started"); i++) {
                assertThat(first.isAlive()).as("the first run ended: %s", first.err()).isTrue();
                assertThat(i).as("the first run did not start: %s", first.err()).isLessThan(1200);
                Thread.sleep(100);
            }
            CliRun second = run("", "--name", "web", "busybox", "true");
            assertThat(second.code()).isEqualTo(125);
            assertThat(second.err()).startsWith("ERROR: Conflict. The container name \"/web\" is already in use by a"
                    + " running stevedore run on store ");
            assertThat(run("", "--name", "other", "busybox", "echo other").out()).isEqualTo("other\n");
        } finally {
            first.kill();
        }
        CliRun again = run("", "--name", "web", "busybox", "echo mine");
        assertThat(again.err()).isEmpty();
        assertThat(again.out()).isEqualTo("mine\n");
        assertThat(run("", "--name", "-bad", "busybox", "true").err())
                .isEqualTo("ERROR: Invalid container name (-bad), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed\n");
    }

    @Test
    void unknownImageIsADockerStyleError() {
        CliRun r = run("", "nosuch", "true");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("ERROR: No such image: nosuch\n");
    }

    @Test
    void badOptionValuesAreErrorsOfStevedore() {
        CliRun r = run("", "-v", "relative:/x", "busybox");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("ERROR: invalid volume relative:/x: the source relative is not an absolute host"
                + " path (named volumes are not supported)\n");
        assertThat(run("", "-w", "tmp", "busybox").err())
                .isEqualTo("ERROR: the working directory 'tmp' is invalid, it needs to be an absolute path\n");
        CliRun usage = run("", "--network", "mynet", "busybox");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).contains("Invalid value for option '--network'");
    }

    @Test
    void helpListsRun() {
        assertThat(CliRun.run("", "--help").out()).contains("run");
        assertThat(CliRun.run("", "run", "--help").out()).contains("--entrypoint").contains("IMAGE");
    }

    /**
     * SIGTERM to a {@code stevedore run} (a separate JVM) whose container serves forever: the
     * container and its overlay go with it, as with Ctrl-C, instead of running on until the
     * next stevedore process cleans up.
     */
    @Test
    void terminatedRunKillsAndRemovesItsContainer() throws Exception {
        image();
        Path log = dir.resolve("run.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process run = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "--root", root, "run",
                "--entrypoint", "sh", "busybox", "-c", "echo started; exec sleep 600")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            for (int i = 0; !Files.readString(log).contains("started"); i++) {
                assertThat(run.isAlive()).as("the run ended before it started: %s", Files.readString(log)).isTrue();
                assertThat(i).as("the container did not start: %s", Files.readString(log)).isLessThan(1200);
                Thread.sleep(100);
            }
            assertThat(containers()).hasSize(1);
            run.destroy();
            assertThat(run.waitFor(120, TimeUnit.SECONDS)).as("stevedore run exits on SIGTERM").isTrue();
            assertThat(containers()).as("containers left running").isEmpty();
            assertThat(overlayMounts()).as("overlays left mounted").isEmpty();
        } finally {
            run.destroyForcibly().waitFor();
            for (String[] container : containers()) {
                new ProcessBuilder("runc", "--root", container[0], "delete", "--force", container[1])
                        .redirectErrorStream(true).start().waitFor();
            }
            for (String mount : overlayMounts()) {
                new ProcessBuilder("umount", "-l", mount).redirectErrorStream(true).start().waitFor();
            }
        }
    }

    /** Containers in any runtime state root ({@code runc} directory) under the store, with their root. */
    private List<String[]> containers() throws Exception {
        List<String[]> result = new ArrayList<>();
        List<Path> roots;
        try (Stream<Path> s = Files.walk(Path.of(root), 4)) {
            roots = s.filter(p -> p.getFileName().toString().equals("runc") && Files.isDirectory(p)).toList();
        }
        for (Path state : roots) {
            Process p = new ProcessBuilder("runc", "--root", state.toString(), "list", "-q").start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            out.lines().filter(l -> !l.isBlank()).forEach(id -> result.add(new String[] {state.toString(), id}));
        }
        return result;
    }

    /** Mount points of overlays under the store, from /proc/self/mountinfo. */
    private List<String> overlayMounts() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8).stream()
                .map(line -> line.split(" "))
                .filter(f -> f[4].startsWith(root) && List.of(f).contains("overlay"))
                .map(f -> f[4]).toList();
    }
}
