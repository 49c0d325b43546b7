package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.testing.BusyboxImage;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.SourceExcerpt;
import dev.stevedore.event.BuildEvent;
import dev.stevedore.oci.History;
import dev.stevedore.oci.ImageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end builds of multi-stage Dockerfiles on a busybox image the test makes; root and runc needed. */
class MultiStageBuildTest {

    @TempDir
    Path dir;

    BuildHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new BuildHarness(dir);
    }

    /**
     * The shape of a Go-style build, with a shell script standing in for the compiler: it checks
     * the engine's wiring (layers, history, config) fast. The real proof of issue #6's "a Go-style
     * example builds, runs, and its final image holds no compiler" is {@code examples/acceptance.sh}:
     * {@code examples/go} compiled by Debian's golang-go, run with {@code stevedore run}, its final
     * image listed by umoci.
     */
    @Test
    void builderAndRuntimeStage() throws Exception {
        h.file("src/main.sh", "echo compiled-app\n");
        h.file("compiler", "#!/bin/sh\ncp \"$1\" \"$2\" && chmod 755 \"$2\"\n");
        BuildResult result = h.build("""
                FROM busybox AS builder
                WORKDIR /src
                COPY compiler /usr/local/bin/compile
                COPY src/ .
                RUN sh /usr/local/bin/compile main.sh /src/myapp && echo built
                FROM busybox
                COPY --from=builder /src/myapp /usr/bin/myapp
                CMD ["myapp"]
                """);
        Path rootfs = h.unpack("docker.io/test/app:latest");
        assertThat(rootfs.resolve("usr/bin/myapp")).hasContent("echo compiled-app");
        assertThat(rootfs.resolve("usr/local/bin/compile")).as("no compiler in the final image").doesNotExist();
        assertThat(rootfs.resolve("src")).doesNotExist();
        ImageConfig config = h.config(result);
        assertThat(config.config().cmd()).containsExactly("myapp");
        assertThat(config.history()).extracting(History::createdBy)
                .containsExactly("busybox from the host", "COPY /src/myapp /usr/bin/myapp # buildkit", "CMD [\"myapp\"]");
        assertThat(config.rootfs().diffIds()).hasSize(2);
        assertThat(h.events).anyMatch(e -> e instanceof BuildEvent.StepOutput o && o.line().equals("built"));
        assertThat(BuildHarness.run("skopeo", "inspect", "--config", "oci:" + h.root + "/oci:docker.io/test/app:latest"))
                .contains("\"myapp\"");
    }

    @Test
    void threeStagesInAChainAndCopyFromByIndex() throws Exception {
        BuildResult result = h.build("""
                FROM busybox AS one
                RUN echo 1 > /one
                FROM one AS two
                RUN echo 2 > /two
                FROM two
                COPY --from=0 /one /copied-by-index
                RUN cat /one /two > /three
                """);
        Path rootfs = h.unpack("docker.io/test/app:latest");
        assertThat(rootfs.resolve("three")).hasContent("1\n2");
        assertThat(rootfs.resolve("copied-by-index")).hasContent("1");
        assertThat(h.config(result).rootfs().diffIds()).hasSize(5);
    }

    @Test
    void copyFromAnExternalImage() throws Exception {
        h.build("""
                FROM scratch
                COPY --from=busybox /bin/busybox /bb
                """);
        Path rootfs = h.unpack("docker.io/test/app:latest");
        assertThat(Files.size(rootfs.resolve("bb"))).isEqualTo(Files.size(BusyboxImage.BUSYBOX));
    }

    @Test
    void targetSkipsStagesItDoesNotNeed() throws Exception {
        h.build("""
                FROM busybox AS broken
                RUN exit 3
                FROM busybox AS good
                RUN echo fine > /ok
                FROM broken
                """, r -> r.target("good"));
        assertThat(h.unpack("docker.io/test/app:latest").resolve("ok")).hasContent("fine");
        assertThat(h.steps(BuildEvent.StepDone.class)).noneMatch(s -> s.contains("exit 3"));
    }

    @Test
    void failingRunNamesLineCommandAndExitCode() {
        assertThatThrownBy(() -> h.build("""
                FROM busybox
                RUN echo first-output && exit 2
                """)).isInstanceOf(InvalidInputException.class)
                .hasMessage("Dockerfile:2: process \"/bin/sh -c echo first-output && exit 2\" did not complete"
                        + " successfully: exit code: 2");
        BuildEvent.BuildFailed failed = h.events.stream().filter(BuildEvent.BuildFailed.class::isInstance)
                .map(BuildEvent.BuildFailed.class::cast).findFirst().orElseThrow();
        assertThat(failed.step()).hasValue("[2/2] RUN echo first-output && exit 2");
        assertThat(failed.outputTail()).containsExactly("first-output");
        // as BuildKit's excerpt: the text after the last newline counts as a line
        assertThat(failed.excerpt().orElseThrow().lines()).extracting(SourceExcerpt.Line::text)
                .containsExactly("FROM busybox", "RUN echo first-output && exit 2", "");
        assertThat(h.store.tags().find("docker.io/test/app:latest")).isEmpty();
    }

    @Test
    void independentStagesRunAtTheSameTime() throws Exception {
        // A handshake through a shared cache mount: each stage leaves its mark and waits for the
        // other's. Run one after the other, the first would give up after 60 s and fail the build.
        String id = "handshake-" + java.util.UUID.randomUUID();
        String wait = "i=0; until [ -f /hs/%s ]; do i=$((i+1)); [ $i -lt 600 ] || exit 1; sleep 0.1; done";
        h.build("""
                FROM busybox AS a
                RUN --mount=type=cache,id=%1$s,target=/hs,sharing=shared echo > /hs/a && %2$s && echo a > /a
                FROM busybox AS b
                RUN --mount=type=cache,id=%1$s,target=/hs,sharing=shared echo > /hs/b && %3$s && echo b > /b
                FROM busybox
                COPY --from=a /a /a
                COPY --from=b /b /b
                """.formatted(id, wait.formatted("b"), wait.formatted("a")),
                r -> r.jobs(4));
        Path rootfs = h.unpack("docker.io/test/app:latest");
        assertThat(rootfs.resolve("a")).hasContent("a");
        assertThat(rootfs.resolve("b")).hasContent("b");
    }

    @Test
    void unknownTargetAndCyclesAreRejected() {
        assertThatThrownBy(() -> h.build("FROM busybox AS builder\nFROM builder\n", r -> r.target("buidler")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Dockerfile: target stage \"buidler\" could not be found (stages: builder); did you mean \"builder\"?");
        assertThatThrownBy(() -> h.build("FROM second AS first\nFROM first AS second\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("Dockerfile:1: FROM second: stage \"second\" is used before it is defined (on line 2)");
    }

    @Test
    void duplicateStageNamesWarnAndBuildAsBuildKit() throws Exception {
        h.build("""
                FROM busybox AS a
                RUN echo first > /which
                FROM a AS b
                COPY --from=a /which /copied
                FROM busybox AS A
                RUN echo second > /which
                """, r -> r.target("b"));
        Path rootfs = h.unpack("docker.io/test/app:latest");
        assertThat(rootfs.resolve("which")).as("FROM: the stage above").hasContent("first");
        assertThat(rootfs.resolve("copied")).as("--from: the last of the file").hasContent("second");
        assertThat(h.events).filteredOn(BuildEvent.Warning.class::isInstance)
                .extracting(e -> ((BuildEvent.Warning) e).diagnostic().format())
                .contains("Dockerfile:5: DuplicateStageName: Duplicate stage name \"a\", stage names should be unique");
    }

    @Test
    void aNamedContextReplacesTheStageOfItsNameWhichIsNotBuilt() throws Exception {
        Path prebuilt = Files.createDirectories(dir.resolve("prebuilt"));
        Files.writeString(prebuilt.resolve("app"), "prebuilt\n");
        h.build("""
                FROM busybox AS builder
                RUN exit 7
                FROM busybox
                COPY --from=builder /app /by-name
                COPY --from=0 /app /by-index
                RUN --mount=from=builder,target=/m cp /m/app /mounted
                """, r -> r.buildContexts(java.util.List.of("builder=" + prebuilt)));
        Path rootfs = h.unpack("docker.io/test/app:latest");
        assertThat(rootfs.resolve("by-name")).hasContent("prebuilt");
        assertThat(rootfs.resolve("by-index")).hasContent("prebuilt");
        assertThat(rootfs.resolve("mounted")).hasContent("prebuilt");
        assertThat(h.steps(BuildEvent.StepDone.class)).noneMatch(s -> s.contains("exit 7"));
    }
}
