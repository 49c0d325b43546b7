package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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


    private String write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p.toString();
    }

    @Test
    void jsonIsTheDefaultFormat() throws IOException {
        CliRun r = CliRun.run("", "parse", "-f", write("Dockerfile", DOCKERFILE));
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
        CliRun r = CliRun.run("", "parse", "--format=dump", "-f", write("Dockerfile", DOCKERFILE));
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
        assertThat(CliRun.run("", "parse", "--format", "DUMP", "-f", write("Dockerfile", "FROM a\n")).out())
                .isEqualTo("(from \"a\")\n");
    }

    @Test
    void dashReadsStandardInputAndNamesItDockerfile() {
        CliRun r = CliRun.run("FROM alpine\nRUN true\n", "parse", "-f", "-");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"file\": \"Dockerfile\"").contains("\"text\": \"true\"");
    }

    @Test
    void warningsGoToStandardErrorInBothFormats() {
        for (String format : new String[] {"json", "dump"}) {
            CliRun r = CliRun.run("FROM alpine\n# escape=`\nRUN a \\\n\n  b\n", "parse", "--format=" + format, "-f", "-");
            assertThat(r.code()).isZero();
            assertThat(r.err()).startsWith("WARNING: Dockerfile:2: ").contains("escape");
            assertThat(r.err().lines()).hasSize(2).allMatch(l -> l.startsWith("WARNING: Dockerfile:"));
        }
    }

    @Test
    void dumpOnlyNeedsTheSyntaxLayer() {
        CliRun r = CliRun.run("FROM alpine\nCPOY a b\n", "parse", "--format=dump", "-f", "-");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("(from \"alpine\")\n(cpoy \"\")\n");
    }

    @Test
    void typedErrorsExitOneWithTheLocationAndNoStackTrace() {
        CliRun r = CliRun.run("FROM alpine\n\nCOPY --form=x a /b\n", "parse", "-f", "-");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("ERROR: Dockerfile:3: unknown flag: --form (did you mean --from?)\n");
    }

    @Test
    void syntaxErrorsFailInBothFormats() {
        for (String format : new String[] {"json", "dump"}) {
            CliRun r = CliRun.run("FROM alpine\nENV FOO\n", "parse", "--format=" + format, "-f", "-");
            assertThat(r.code()).as(format).isEqualTo(1);
            assertThat(r.err()).as(format).startsWith("ERROR: Dockerfile:2: ").doesNotContain("\tat ");
        }
    }

    @Test
    void errorsNameTheFileAsGiven() throws IOException {
        String path = write("app.Dockerfile", "FROM alpine AS 9lives\n");
        CliRun r = CliRun.run("", "parse", "-f", path);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ERROR: " + path
                + ":1: invalid name for build stage: \"9lives\", name can't start with a number or contain symbols\n");
    }

    @Test
    void missingFileIsNotFound() {
        String path = dir.resolve("nope/Dockerfile").toString();
        CliRun r = CliRun.run("", "parse", "-f", path);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ERROR: Dockerfile not found: " + path + "\n");
    }

    @Test
    void defaultFileIsDockerfileInTheCurrentDirectory() {
        // The tests run in the module directory, which has no Dockerfile.
        CliRun r = CliRun.run("", "parse");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ERROR: Dockerfile not found: Dockerfile\n");
    }

    @Test
    void unknownFormatIsAUsageError() {
        CliRun r = CliRun.run("", "parse", "--format=yaml", "-f", "-");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--format");
    }

    @Test
    void helpListsParse() {
        assertThat(CliRun.run("", "--help").out()).contains("parse");
    }
}
