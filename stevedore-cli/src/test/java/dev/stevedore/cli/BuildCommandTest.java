package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.diag.SourceRange;
import dev.stevedore.event.BuildEvent;
import dev.stevedore.event.StepId;
import dev.stevedore.testing.Prerequisites;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildCommandTest {

    @TempDir
    Path dir;

    @Test
    void plainProgressIsBuildKitsFormat() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PlainProgress progress = new PlainProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        StepId five = new StepId(5);
        progress.on(new BuildEvent.StepStarted(t, five, "[builder 2/4] RUN go build -o myapp ."));
        progress.on(new BuildEvent.StepOutput(t.plusMillis(412), five, BuildEvent.Stream.STDOUT, "hello"));
        progress.on(new BuildEvent.StepDone(t.plusMillis(3100), five, Duration.ofMillis(3100)));
        progress.on(new BuildEvent.StepStarted(t, new StepId(6), "[runtime 2/2] COPY --from=builder /myapp /"));
        progress.on(new BuildEvent.StepCached(t, new StepId(6)));
        progress.on(new BuildEvent.StepFailed(t, new StepId(7), Duration.ZERO, "Dockerfile:4: RUN false: exit code 1"));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("""
                #5 [builder 2/4] RUN go build -o myapp .
                #5 0.412 hello
                #5 DONE 3.1s
                #6 [runtime 2/2] COPY --from=builder /myapp /
                #6 CACHED
                #7 ERROR: Dockerfile:4: RUN false: exit code 1
                """);
        assertThat(SourceRange.line(1)).isNotNull();
    }

    @Test
    void buildsAScratchImageTagsItAndWritesTheIdFile() throws Exception {
        Prerequisites.root();
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("hello.txt"), "hi\n");
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY hello.txt /\nCMD [\"/hello\"]\n");
        Path iid = dir.resolve("iid");
        String[] args = {"build", "--root", dir.resolve("store").toString(), "-t", "hello:1", "--iidfile", iid.toString(),
            context.toString()};
        CliRun run = CliRun.run("", args);
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("#3 [1/2] FROM scratch").contains("[2/2] COPY hello.txt /")
                .contains("DONE");
        assertThat(run.out().strip()).isEqualTo(Files.readString(iid)).startsWith("sha256:");
        CliRun again = CliRun.run("", args);
        assertThat(again.err()).contains("#4 CACHED");
        assertThat(again.out()).isEqualTo(run.out());
    }

    @Test
    void unknownTargetIsOneSentence() throws Exception {
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch AS builder\nFROM builder\n");
        CliRun run = CliRun.run("", "build", "--root", dir.resolve("store").toString(), "--target", "buidler",
                context.toString());
        assertThat(run.code()).isEqualTo(Cli.FAILED);
        assertThat(run.err()).isEqualTo(
                "ERROR: failed to build: Dockerfile: target stage \"buidler\" could not be found (stages: builder); did you mean \"builder\"?\n");
    }

    @Test
    void onlyDebugShowsAStackTrace() throws Exception {
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch AS builder\nFROM builder\n");
        String[] args = {"build", "--root", dir.resolve("store").toString(), "--target", "nope", context.toString()};
        CliRun plain = CliRun.run("", args);
        assertThat(plain.code()).isEqualTo(Cli.FAILED);
        assertThat(plain.err()).doesNotContain("\tat ").doesNotContain("Exception");
        String[] debug = new String[args.length + 1];
        debug[0] = "--debug";
        System.arraycopy(args, 0, debug, 1, args.length);
        CliRun traced = CliRun.run("", debug);
        assertThat(traced.code()).isEqualTo(Cli.FAILED);
        assertThat(traced.err()).contains("InvalidInputException").contains("\tat dev.stevedore.")
                .endsWith(plain.err());
    }

    @Test
    void readsTheDockerfileFromStandardInputWithANamedContext() throws Exception {
        Prerequisites.root();
        Path extra = Files.createDirectories(dir.resolve("extra"));
        Files.writeString(extra.resolve("x.txt"), "x\n");
        CliRun run = CliRun.run("FROM scratch\nCOPY --from=assets x.txt /\n", "build", "--root",
                dir.resolve("store").toString(), "--build-context", "assets=" + extra, "-t", "in:1", "-");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("COPY --from=assets x.txt /").contains("DONE");
        assertThat(run.out().strip()).startsWith("sha256:");
    }

    @Test
    void aMalformedBuildContextIsOneSentence() throws Exception {
        CliRun run = CliRun.run("", "build", "--root", dir.resolve("store").toString(), "--build-context", "nothing",
                dir.toString());
        assertThat(run.code()).isEqualTo(Cli.FAILED);
        assertThat(run.err()).isEqualTo(
                "ERROR: failed to build: invalid build context \"nothing\": expected NAME=DIR or NAME=docker-image://REF\n");
    }

    @Test
    void secretFlagReachesRunMounts() throws Exception {
        dev.stevedore.testing.BusyboxImage.assumeRunnable();
        Path store = dir.resolve("store");
        dev.stevedore.testing.BusyboxImage.create(dev.stevedore.store.Store.open(store), dir.resolve("image"),
                dev.stevedore.testing.BusyboxImage.NAME);
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("expected"), "tok-value");
        Files.writeString(context.resolve("Dockerfile"), """
                FROM busybox
                RUN --mount=type=bind,target=/ctx --mount=type=secret,id=tok,required=true \
                    test "$(cat /run/secrets/tok)" = "$(cat /ctx/expected)"
                """);
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "tok-value");
        CliRun run = CliRun.run("", new String[] {"build", "--root", store.toString(), "--secret",
            "id=tok,src=" + secret, context.toString()});
        assertThat(run.code()).as(run.err()).isZero();

        Files.writeString(secret, "other");
        CliRun wrong = CliRun.run("", new String[] {"build", "--root", store.toString(), "--no-cache", "--secret",
            "id=tok,src=" + secret, context.toString()});
        assertThat(wrong.code()).isEqualTo(Cli.FAILED);
        assertThat(wrong.err()).contains("Dockerfile:2");

        CliRun missing = CliRun.run("", new String[] {"build", "--root", store.toString(), "--no-cache",
            context.toString()});
        assertThat(missing.code()).isEqualTo(Cli.FAILED);
        assertThat(missing.err()).contains("ERROR: failed to build: Dockerfile:2").contains("tok");
    }

    @Test
    void malformedSecretAndSshFlagsAreUsageErrors() {
        CliRun secret = CliRun.run("", new String[] {"build", "--secret", "src=/x", dir.toString()});
        assertThat(secret.code()).isEqualTo(Cli.USAGE);
        assertThat(secret.err()).contains("--secret").contains("src=/x");
        CliRun ssh = CliRun.run("", new String[] {"build", "--ssh", "=sock", dir.toString()});
        assertThat(ssh.code()).isEqualTo(Cli.USAGE);
        assertThat(ssh.err()).contains("--ssh =sock");
    }
}
