package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -o -} and {@code -o type=tar,dest=-} stream a tar of the result's file system to standard
 * output, as buildx does (and then print no image id there); a terminal is refused. The tar is
 * judged by GNU tar.
 */
class StdoutExportTest {

    @TempDir
    Path dir;

    private Path context;

    @BeforeEach
    void setUp() throws Exception {
        context = Files.createDirectories(dir.resolve("context"));
        Files.writeString(context.resolve("hello.txt"), "hello\n");
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY hello.txt /app/hello.txt\n");
    }

    private CliRun build(String output) {
        return CliRun.run("", "--root", dir.resolve("store").toString(), "build", "--progress", "quiet", "-o", output,
                context.toString());
    }

    @Test
    void aDashWritesATarOfTheResultToStandardOutput() throws Exception {
        for (String output : List.of("-", "type=tar,dest=-", "type=local,dest=-")) {
            CliRun r = build(output);
            assertThat(r.code()).as("%s: %s", output, r.err()).isZero();
            assertThat(r.out()).as(output).doesNotContain("sha256:");
            assertThat(tar(r.out().getBytes(StandardCharsets.UTF_8), "-xO", "app/hello.txt")).as(output)
                    .isEqualTo("hello\n");
        }
    }

    @Test
    void twoExportsToStandardOutputOrATerminalAreRefused() {
        CliRun r = CliRun.run("", "--root", dir.resolve("store").toString(), "build", "-o", "-", "-o",
                "type=oci,dest=-", context.toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("ERROR: only one --output may write to standard output (dest=-)");
        assertThatThrownBy(() -> StdoutExport.of(List.of("-"), true)).isInstanceOf(InvalidInputException.class)
                .hasMessage("refusing to write the --output tar archive to a terminal: redirect standard output "
                        + "(stevedore build -o - . > out.tar) or name a file (dest=out.tar)");
    }

    private String tar(byte[] archive, String... args) throws Exception {
        Path file = Files.write(dir.resolve("out.tar"), archive);
        List<String> command = new java.util.ArrayList<>(List.of("tar", "-f", file.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
