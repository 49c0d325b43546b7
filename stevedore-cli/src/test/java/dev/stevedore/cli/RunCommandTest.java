package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.store.Store;
import dev.stevedore.testing.BusyboxImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        CliRun usage = run("", "--network", "bridge", "busybox");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).contains("Invalid value for option '--network'");
    }

    @Test
    void helpListsRun() {
        assertThat(CliRun.run("", "--help").out()).contains("run");
        assertThat(CliRun.run("", "run", "--help").out()).contains("--entrypoint").contains("IMAGE");
    }
}
