package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.event.BuildEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tar and stdin contexts, named contexts, --no-cache-filter, build checks, two builds on one store at once. */
class ContextsAndChecksTest {

    @TempDir
    Path dir;

    BuildHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new BuildHarness(dir);
    }

    @Test
    void aTarArchiveAndStandardInputAreContexts() throws Exception {
        Path tar = dir.resolve("ctx.tar");
        Files.write(tar, tar("build/Dockerfile", "FROM busybox\nCOPY hello.txt /from-tar\n", "hello.txt", "tarred"));
        new ImageBuilder().build(BuildRequest.of(tar).withDockerfile(Path.of("build/Dockerfile")).withStoreRoot(h.root)
                .withTags(List.of("test/tar")), e -> { });
        assertThat(h.unpack("docker.io/test/tar:latest").resolve("from-tar")).hasContent("tarred");

        byte[] dockerfile = "FROM busybox\nRUN echo stdin > /from-stdin\n".getBytes(StandardCharsets.UTF_8);
        new ImageBuilder().build(BuildRequest.of(Path.of("-")).withStoreRoot(h.root).withTags(List.of("test/stdin")),
                new ByteArrayInputStream(dockerfile), e -> { });
        assertThat(h.unpack("docker.io/test/stdin:latest").resolve("from-stdin")).hasContent("stdin");
    }

    @Test
    void namedContextsServeFromAndCopyFrom() throws Exception {
        Path extra = Files.createDirectories(dir.resolve("extra"));
        Files.writeString(extra.resolve("data.txt"), "named");
        Files.writeString(extra.resolve("secret.txt"), "ignored");
        Files.writeString(extra.resolve(".dockerignore"), "secret.txt\n");
        h.build("""
                FROM base
                COPY --from=extra data.txt /data.txt
                COPY --from=extra . /all/
                """, r -> r.withBuildContexts(List.of("extra=" + extra, "base=docker-image://busybox")));
        Path rootfs = h.unpack("docker.io/test/app:latest");
        assertThat(rootfs.resolve("data.txt")).hasContent("named");
        assertThat(rootfs.resolve("all/secret.txt")).as("the named context's .dockerignore applies").doesNotExist();
        assertThat(rootfs.resolve("bin/busybox")).as("FROM base is the image").exists();

        h.build("FROM extra\n", r -> r.withBuildContexts(List.of("extra=" + extra)));
        assertThat(h.unpack("docker.io/test/app:latest").resolve("data.txt")).hasContent("named");
    }

    @Test
    void noCacheFilterRebuildsOnlyTheNamedStage() throws Exception {
        String dockerfile = """
                FROM busybox AS builder
                RUN echo built > /out
                FROM busybox
                RUN echo final > /final
                COPY --from=builder /out /out
                """;
        h.build(dockerfile);
        h.build(dockerfile, r -> r.withNoCacheFilter(Set.of("BUILDER")));
        assertThat(h.steps(BuildEvent.StepDone.class)).filteredOn(s -> !s.contains("FROM"))
                .containsExactly("[builder 2/2] RUN echo built > /out");
        assertThat(h.steps(BuildEvent.StepCached.class)).containsExactly("[stage-1 2/3] RUN echo final > /final",
                "[stage-1 3/3] COPY --from=builder /out /out");
    }

    @Test
    void buildChecksAreWarningsOrErrorsAsTheDirectiveSays() throws Exception {
        h.build("FROM busybox AS Builder\nRUN true\n");
        assertThat(h.events).filteredOn(e -> e instanceof BuildEvent.Warning).extracting(e -> ((BuildEvent.Warning) e)
                .diagnostic().format()).containsExactly("Dockerfile:1: StageNameCasing: Stage name 'Builder' should be lowercase");

        assertThatThrownBy(() -> h.build("# check=error=true\nFROM busybox AS Builder\nRUN true\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Dockerfile: lint violation found for rules: StageNameCasing");
        assertThat(h.events).noneMatch(e -> e instanceof BuildEvent.StepStarted);
    }

    @Test
    void twoBuildsSharingOneStoreAtOnceBothSucceed() throws Exception {
        List<Callable<BuildResult>> builds = new ArrayList<>();
        for (String name : List.of("one", "two")) {
            Path context = Files.createDirectories(dir.resolve("ctx-" + name));
            Files.writeString(context.resolve("Dockerfile"), """
                    FROM busybox
                    RUN echo %s > /name && sleep 1
                    COPY Dockerfile /Dockerfile
                    """.formatted(name));
            builds.add(() -> new ImageBuilder().build(BuildRequest.of(context).withStoreRoot(h.root)
                    .withTags(List.of("test/" + name)), e -> { }));
        }
        List<BuildResult> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            for (Future<BuildResult> f : threads.invokeAll(builds)) {
                results.add(f.get());
            }
        }
        assertThat(results).hasSize(2);
        assertThat(h.unpack("docker.io/test/one:latest").resolve("name")).hasContent("one");
        assertThat(h.unpack("docker.io/test/two:latest").resolve("name")).hasContent("two");
    }

    private static byte[] tar(String... namesAndContents) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                byte[] data = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(namesAndContents[i]);
                e.setSize(data.length);
                e.setMode(0644);
                tar.putArchiveEntry(e);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
