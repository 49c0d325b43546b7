package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CliTest {

    record Result(int code, String out, String err) {}

    static Result run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void versionNamesTheProjectAndJava() {
        Result r = run("", "--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("stevedore 0.").contains("Java 25");
    }

    @Test
    void helpListsCommands() {
        Result r = run("", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: stevedore").contains("help");
    }

    @Test
    void unknownOptionIsAUsageError() {
        Result r = run("", "--frobnicate");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--frobnicate'");
    }
}
