package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.event.BuildEvent;
import dev.stevedore.testing.Traces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code RUN --mount} end to end through {@link ImageBuilder}: every type, the cache key, secrets that leave no trace. */
class RunMountBuildTest {

    @TempDir
    Path dir;

    BuildHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new BuildHarness(dir);
    }

    @Test
    void cacheMountKeepsItsFilesAcrossBuildsButNotInTheImage() throws Exception {
        String dockerfile = """
                FROM busybox
                RUN --mount=type=cache,target=/cache sh -c 'echo run >> /cache/count; wc -l < /cache/count > /seen'
                """;
        h.build(dockerfile);
        assertThat(h.unpack("docker.io/test/app:latest").resolve("seen")).content().isEqualToIgnoringWhitespace("1");
        h.build(dockerfile, r -> r.noCache(true));
        Path rootfs = h.unpack("docker.io/test/app:latest");
        assertThat(rootfs.resolve("seen")).content().isEqualToIgnoringWhitespace("2");
        assertThat(rootfs.resolve("cache/count")).doesNotExist();
    }

    @Test
    void secretFileIsSeenAndLeavesNoTraceInTheStore() throws Exception {
        String secret = "s3cret-" + UUID.randomUUID();
        Path file = dir.resolve("token.txt");
        Files.writeString(file, secret);
        // the Dockerfile must not hold the secret itself: the RUN compares it with a context file
        h.file("expected", secret);
        h.build("""
                FROM busybox
                RUN --mount=type=bind,target=/ctx --mount=type=secret,id=tok \
                    test "$(cat /run/secrets/tok)" = "$(cat /ctx/expected)" && echo ok > /checked
                """, r -> r.secrets(List.of(new Secret.FromFile("tok", file))));
        assertThat(h.unpack("docker.io/test/app:latest").resolve("checked")).hasContent("ok\n");
        assertNoTrace(secret);
    }

    @Test
    void secretAsEnvironmentVariableLeavesNoTrace() throws Exception {
        String secret = "envsecret-" + UUID.randomUUID();
        Path file = dir.resolve("token.txt");
        Files.writeString(file, secret);
        // the Dockerfile must not hold the secret itself: the RUN compares it with a context file
        h.file("expected", secret);
        h.build("""
                FROM busybox
                RUN --mount=type=bind,target=/ctx --mount=type=secret,id=tok,env=TOKEN \
                    test "$TOKEN" = "$(cat /ctx/expected)" && echo ok > /checked
                """, r -> r.secrets(List.of(new Secret.FromFile("tok", file))));
        Path rootfs = h.unpack("docker.io/test/app:latest");
        assertThat(rootfs.resolve("checked")).hasContent("ok\n");
        assertThat(h.config(h.build("FROM busybox\n")).config().env()).noneMatch(e -> e.startsWith("TOKEN"));
        assertNoTrace(secret);
    }

    @Test
    void missingRequiredSecretNamesTheLine() {
        assertThatThrownBy(() -> h.build("""
                FROM busybox
                RUN --mount=type=secret,id=absent,required=true true
                """)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Dockerfile:2").hasMessageContaining("absent");
    }

    @Test
    void bindFromAPreviousStage() throws Exception {
        h.build("""
                FROM busybox AS builder
                RUN mkdir /out && echo built > /out/x
                FROM busybox
                RUN --mount=type=bind,from=builder,source=/out,target=/in cp /in/x /x
                """);
        Path rootfs = h.unpack("docker.io/test/app:latest");
        assertThat(rootfs.resolve("x")).hasContent("built\n");
        assertThat(rootfs.resolve("in")).doesNotExist();
    }

    @Test
    void bindFromAnImage() throws Exception {
        h.build("""
                FROM busybox
                RUN --mount=type=bind,from=busybox,target=/bb /bb/bin/busybox echo from-image
                """);
        assertThat(h.events).anyMatch(e -> e instanceof BuildEvent.StepOutput o && o.line().equals("from-image"));
    }

    @Test
    void bindOfTheContextIsReadOnlyAndKeyedOnItsContent() throws Exception {
        h.file("a.txt", "A1");
        String dockerfile = """
                FROM busybox
                RUN --mount=type=bind,target=/ctx sh -c 'cp /ctx/a.txt /copied; touch /ctx/new || echo ro > /ro'
                """;
        h.build(dockerfile);
        Path rootfs = h.unpack("docker.io/test/app:latest");
        assertThat(rootfs.resolve("copied")).hasContent("A1");
        assertThat(rootfs.resolve("ro")).hasContent("ro\n");
        assertThat(h.context.resolve("new")).doesNotExist();
        assertThat(rootfs.resolve("ctx")).doesNotExist();

        h.build(dockerfile);
        assertThat(h.steps(BuildEvent.StepCached.class)).anyMatch(s -> s.contains("RUN --mount"));

        h.file("a.txt", "A2");
        h.build(dockerfile);
        assertThat(h.steps(BuildEvent.StepCached.class)).noneMatch(s -> s.contains("RUN --mount"));
        assertThat(h.unpack("docker.io/test/app:latest").resolve("copied")).hasContent("A2");
    }

    @Test
    void bindOfTheContextHidesWhatDockerignoreExcludes() throws Exception {
        // BuildKit mounts the context as it was transferred, so .dockerignore'd files (often
        // secrets such as .env) are not there; the cache key already left them out
        h.file(".dockerignore", ".env\nsecrets/\n!secrets/public.txt\n");
        h.file(".env", "TOKEN=hidden");
        h.file("secrets/private.txt", "hidden");
        h.file("secrets/public.txt", "shown");
        h.file("app.txt", "app");
        h.build("""
                FROM busybox
                RUN --mount=type=bind,target=/ctx sh -c 'cd /ctx && find . | sort > /seen'
                """);
        assertThat(h.unpack("docker.io/test/app:latest").resolve("seen")).hasContent(String.join("\n",
                ".", "./.dockerignore", "./Dockerfile", "./app.txt", "./secrets", "./secrets/public.txt") + "\n");
    }

    /** The filtered copy the bind mounts is staged privately, but its root is open to the RUN's user. */
    @Test
    void aFilteredBindOfTheContextIsReadableByAnyUser() throws Exception {
        h.file(".dockerignore", ".env\n");
        h.file(".env", "TOKEN=hidden");
        h.file("app.txt", "app");
        h.build("""
                FROM busybox
                USER 1000
                RUN --mount=type=bind,target=/ctx sh -c 'cat /ctx/app.txt > /tmp/seen'
                """);
        assertThat(h.unpack("docker.io/test/app:latest").resolve("tmp/seen")).hasContent("app");
    }

    @Test
    void changingTheMountSpecMissesTheCache() throws Exception {
        h.build("FROM busybox\nRUN --mount=type=cache,target=/c1 echo hi\n");
        h.build("FROM busybox\nRUN --mount=type=cache,target=/c1 echo hi\n");
        assertThat(h.steps(BuildEvent.StepCached.class)).anyMatch(s -> s.contains("RUN"));
        h.build("FROM busybox\nRUN --mount=type=cache,target=/c2 echo hi\n");
        assertThat(h.steps(BuildEvent.StepCached.class)).noneMatch(s -> s.contains("RUN"));
        h.build("FROM busybox\nRUN --mount=type=cache,target=/c2,id=other echo hi\n");
        assertThat(h.steps(BuildEvent.StepCached.class)).noneMatch(s -> s.contains("RUN"));
    }

    @Test
    void tmpfsIsEmptyAndLeavesNothingRelativeTargetsUnderWorkdir() throws Exception {
        h.build("""
                FROM busybox
                WORKDIR /w
                RUN --mount=type=tmpfs,target=scratch sh -c 'echo x > /w/scratch/f && grep -q "/w/scratch" /proc/mounts && echo ok > /ok'
                """);
        Path rootfs = h.unpack("docker.io/test/app:latest");
        assertThat(rootfs.resolve("ok")).hasContent("ok\n");
        assertThat(rootfs.resolve("w/scratch")).doesNotExist();
    }

    /** Every file under the store, gzip layers unpacked, and every progress event: none holds {@code secret}. */
    private void assertNoTrace(String secret) throws IOException {
        assertThat(Traces.filesHolding(h.root, secret)).as("files holding the secret").isEmpty();
        assertThat(h.events).noneMatch(e -> e.toString().contains(secret));
    }
}
