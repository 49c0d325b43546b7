package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.SourceRange;
import dev.stevedore.event.BuildEvent;
import dev.stevedore.testing.Prerequisites;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stevedore lint} and {@code build --check}, run in-process: BuildKit's {@code --check} output. */
class LintCommandTest {

    static final String DOCKERFILE = "FROM alpine as builder\nRUN true\nFROM alpine\nCOPY --from=builder /x /x\nCMD echo hi\n";

    static final String EXPECTED = """
            Check complete, 2 warnings have been found!

            WARNING: FromAsCasing - https://docs.docker.com/go/dockerfile/rule/from-as-casing/
            'as' and 'FROM' keywords' casing do not match
            Dockerfile:1
            --------------------
               1 | >>> FROM alpine as builder
               2 |     RUN true
               3 |     FROM alpine
            --------------------

            WARNING: JSONArgsRecommended - https://docs.docker.com/go/dockerfile/rule/json-args-recommended/
            JSON arguments recommended for CMD to prevent unintended behavior related to OS signals
            Dockerfile:5
            --------------------
               3 |     FROM alpine
               4 |     COPY --from=builder /x /x
               5 | >>> CMD echo hi
               6 |    \s
            --------------------
            """;

    @TempDir
    Path dir;

    private Path context(String dockerfile) throws Exception {
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        return context;
    }

    @Test
    void lintPrintsEachWarningWithItsUrlAndTheLinesAround() throws Exception {
        CliRun run = CliRun.run("", "lint", context(DOCKERFILE).toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(EXPECTED);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void buildCheckPrintsTheSameAndBuildsNothing() throws Exception {
        Path store = dir.resolve("store");
        CliRun run = CliRun.run("", "build", "--root", store.toString(), "--check", "-t", "x:1", context(DOCKERFILE).toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(EXPECTED);
        assertThat(store).doesNotExist();
    }

    @Test
    void aCleanDockerfileSaysSo() throws Exception {
        CliRun run = CliRun.run("", "lint", context("FROM alpine\nCMD [\"true\"]\n").toString());
        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo("Check complete, no warnings found.\n");
    }

    @Test
    void errorTrueFailsWithBuildKitsViolationMessage() throws Exception {
        CliRun run = CliRun.run("", "lint", context("# check=error=true\n" + DOCKERFILE).toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).startsWith("Check complete, 2 warnings have been found!\n").endsWith("--------------------\n\n");
        assertThat(run.err()).isEqualTo("ERROR: Dockerfile: lint violation found for rules: FromAsCasing, JSONArgsRecommended\n");
    }

    @Test
    void buildArgTurnsWarningsIntoErrorsAndSkipsRules() throws Exception {
        Path context = context(DOCKERFILE);
        CliRun failed = CliRun.run("", "build", "--check", "--build-arg", "BUILDKIT_DOCKERFILE_CHECK=error=true", context.toString());
        assertThat(failed.code()).isEqualTo(1);
        assertThat(failed.err()).contains("lint violation found for rules: FromAsCasing, JSONArgsRecommended");
        CliRun skipped = CliRun.run("", "build", "--check", "--build-arg",
                "BUILDKIT_DOCKERFILE_CHECK=skip=FromAsCasing,JSONArgsRecommended;error=true", context.toString());
        assertThat(skipped.code()).as(skipped.err()).isZero();
        assertThat(skipped.out()).isEqualTo("Check complete, no warnings found.\n");
    }

    @Test
    void aDockerfileThatWouldNotBuildFailsWithTheExcerpt() throws Exception {
        CliRun run = CliRun.run("", "lint", context("FROM alpine AS builder\nFROM alpine\nCOPY --from=buidler /x /x\n").toString());
        assertThat(run.code()).isEqualTo(1);
        // the misspelling leaves the builder stage unused: the check says so before the error
        assertThat(run.out()).isEqualTo("""
                Check complete, 1 warning has been found!

                WARNING: UnusedStage - docs/rules/UnusedStage.md
                Stage 'builder' is never used: it is not the target and no FROM, COPY --from or RUN --mount from= refers to it
                Dockerfile:1
                --------------------
                   1 | >>> FROM alpine AS builder
                   2 |     FROM alpine
                   3 |     COPY --from=buidler /x /x
                --------------------

                """);
        assertThat(run.err()).isEqualTo("""
                ERROR: Dockerfile:3: COPY --from=buidler: no stage or image named "buidler" (stages: builder); did you mean "builder"?
                Dockerfile:3
                --------------------
                   1 |     FROM alpine AS builder
                   2 |     FROM alpine
                   3 | >>> COPY --from=buidler /x /x
                   4 |    \s
                --------------------
                """);
    }

    @Test
    void jsonIsBuildKitsLintResult() throws Exception {
        CliRun run = CliRun.run("", "lint", "--format", "json", context(DOCKERFILE).toString());
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("warnings")).hasSize(2);
        JsonNode first = json.get("warnings").get(0);
        assertThat(first.get("ruleName").asText()).isEqualTo("FromAsCasing");
        assertThat(first.get("description").asText()).isEqualTo("The 'as' keyword should match the case of the 'from' keyword");
        assertThat(first.get("url").asText()).isEqualTo("https://docs.docker.com/go/dockerfile/rule/from-as-casing/");
        assertThat(first.get("detail").asText()).isEqualTo("'as' and 'FROM' keywords' casing do not match");
        assertThat(first.at("/location/sourceIndex").asInt()).isZero();
        assertThat(first.at("/location/ranges/0/start/line").asInt()).isEqualTo(1);
        assertThat(json.at("/sources/0/filename").asText()).isEqualTo("Dockerfile");
        assertThat(new String(Base64.getDecoder().decode(json.at("/sources/0/data").asText()), StandardCharsets.UTF_8))
                .isEqualTo(DOCKERFILE);
        assertThat(json.has("buildError")).isFalse();
    }

    @Test
    void multiStageRulesPointAtTheirPages() throws Exception {
        CliRun run = CliRun.run("", "lint", "--format", "json",
                context("FROM golang:1.22 AS build\nRUN go build .\nFROM alpine AS unused\nFROM build\n").toString());
        JsonNode warnings = new ObjectMapper().readTree(run.out()).get("warnings");
        assertThat(warnings).extracting(w -> w.get("ruleName").asText() + " " + w.get("url").asText())
                .containsExactly("UnusedStage docs/rules/UnusedStage.md", "ToolchainFinalStage docs/rules/ToolchainFinalStage.md");
    }

    @Test
    void copyIgnoredFileReadsTheContextsDockerignore() throws Exception {
        Path context = context("# check=experimental=CopyIgnoredFile\nFROM alpine\nCOPY config/app.yaml notes.txt /etc/\n");
        Files.writeString(context.resolve(".dockerignore"), "config/\n*.txt\n!notes.txt\n");
        CliRun run = CliRun.run("", "lint", context.toString());
        assertThat(run.out()).contains("WARNING: CopyIgnoredFile - https://docs.docker.com/go/dockerfile/rule/copy-ignored-file/\n"
                + "Attempting to Copy file \"config/app.yaml\" that is excluded by .dockerignore\n")
                .doesNotContain("notes.txt\" that");
        assertThat(run.out()).startsWith("Check complete, 1 warning has been found!\n");
    }

    @Test
    void readsTheDockerfileFromStandardInput() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        CliRun run = CliRun.run("FROM alpine\nMAINTAINER me\n", "lint", "-f", "-", dir.resolve("empty").toString());
        assertThat(run.out()).contains("WARNING: MaintainerDeprecated - ").contains(" 2 | >>> MAINTAINER me");
    }

    @Test
    void aRealBuildSumsUpItsWarningsAtTheEnd() throws Exception {
        Prerequisites.root();
        Path context = context("FROM scratch\nCOPY hello.txt /\nCMD /hello\n");
        Files.writeString(context.resolve("hello.txt"), "hi\n");
        CliRun run = CliRun.run("", "build", "--root", dir.resolve("store").toString(), context.toString());
        assertThat(run.code()).as(run.err()).isZero();
        String warning = "JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals";
        assertThat(run.err()).contains("WARNING: Dockerfile:3: " + warning + "\n")
                .endsWith(" done\n\n 1 warning found (use stevedore lint to expand):\n - " + warning + " (line 3)\n");
    }

    @Test
    void warningsAreSummedUpAfterTheBuildAsBuildKitDoes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PlainProgress progress = new PlainProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        progress.on(new BuildEvent.Warning(t, Diagnostic.warning("Dockerfile", SourceRange.line(1),
                "FromAsCasing: 'as' and 'FROM' keywords' casing do not match")));
        progress.on(new BuildEvent.Warning(t, Diagnostic.warning("Dockerfile", SourceRange.line(5),
                "JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals")));
        progress.on(new BuildEvent.BuildDone(t, "sha256:abc", Duration.ofSeconds(1)));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("""
                WARNING: Dockerfile:1: FromAsCasing: 'as' and 'FROM' keywords' casing do not match
                WARNING: Dockerfile:5: JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals
                writing image sha256:abc done

                 2 warnings found (use stevedore lint to expand):
                 - FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)
                 - JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals (line 5)
                """);
    }
}
