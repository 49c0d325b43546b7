package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParseCommandTest {

    private static final String DOCKERFILE = """
            FROM golang:1.22 AS build
            RUN --mount=type=cache,target=/root/.cache go build -o /app
            FROM alpine
            COPY --from=build /app /app
            """;

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    static Result run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p.toString();
    }

    @Test
    void jsonIsTheDefaultFormat() throws IOException {
        Result r = run("", "parse", "-f", write("Dockerfile", DOCKERFILE));
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("{\n  \"file\": \"" + dir.resolve("Dockerfile") + "\",\n")
                .contains("\"name\": \"build\"")
                .contains("\"type\": \"cache\"")
                .contains("\"from\": \"build\"")
                .endsWith("}\n");
    }

    @Test
    void dumpPrintsBuildKitsParserFormat() throws IOException {
        Result r = run("", "parse", "--format=dump", "-f", write("Dockerfile", DOCKERFILE));
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("""
                (from "golang:1.22" "AS" "build")
                (run ["--mount=type=cache,target=/root/.cache"] "go build -o /app")
                (from "alpine")
                (copy ["--from=build"] "/app" "/app")
                """);
    }

    @Test
    void formatIsCaseInsensitive() throws IOException {
        assertThat(run("", "parse", "--format", "DUMP", "-f", write("Dockerfile", "FROM a\n")).out())
                .isEqualTo("(from \"a\")\n");
    }

    @Test
    void dashReadsStandardInputAndNamesItDockerfile() {
        Result r = run("FROM alpine\nRUN true\n", "parse", "-f", "-");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"file\": \"Dockerfile\"").contains("\"text\": \"true\"");
    }

    @Test
    void dumpOnlyNeedsTheSyntaxLayer() {
        Result r = run("FROM alpine\nCPOY a b\n", "parse", "--format=dump", "-f", "-");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("(from \"alpine\")\n(cpoy \"\")\n");
    }

    @Test
    void typedErrorsExitOneWithTheLocationAndNoStackTrace() {
        Result r = run("FROM alpine\n\nCOPY --form=x a /b\n", "parse", "-f", "-");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("ERROR: Dockerfile:3: unknown flag: --form (did you mean --from?)\n");
    }

    @Test
    void syntaxErrorsFailInBothFormats() {
        for (String format : new String[] {"json", "dump"}) {
            Result r = run("FROM alpine\nENV FOO\n", "parse", "--format=" + format, "-f", "-");
            assertThat(r.code()).as(format).isEqualTo(1);
            assertThat(r.err()).as(format).startsWith("ERROR: Dockerfile:2: ").doesNotContain("\tat ");
        }
    }

    @Test
    void errorsNameTheFileAsGiven() throws IOException {
        String path = write("app.Dockerfile", "FROM alpine AS 9lives\n");
        Result r = run("", "parse", "-f", path);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ERROR: " + path
                + ":1: invalid name for build stage: \"9lives\", name can't start with a number or contain symbols\n");
    }

    @Test
    void missingFileIsNotFound() {
        String path = dir.resolve("nope/Dockerfile").toString();
        Result r = run("", "parse", "-f", path);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ERROR: Dockerfile not found: " + path + "\n");
    }

    @Test
    void defaultFileIsDockerfileInTheCurrentDirectory() {
        // The tests run in the module directory, which has no Dockerfile.
        Result r = run("", "parse");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ERROR: Dockerfile not found: Dockerfile\n");
    }

    @Test
    void unknownFormatIsAUsageError() {
        Result r = run("", "parse", "--format=yaml", "-f", "-");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--format");
    }

    @Test
    void helpListsParse() {
        assertThat(run("", "--help").out()).contains("parse");
    }
}
