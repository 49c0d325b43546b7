package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.event.BuildEvent;
import dev.stevedore.oci.History;
import dev.stevedore.oci.ImageConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache (reuse, exact invalidation, COPY --from of unchanged files) and every config instruction. */
class CacheAndConfigTest {

    @TempDir
    Path dir;

    BuildHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new BuildHarness(dir);
    }

    private static final String TWO_STAGES = """
            FROM busybox AS builder
            COPY a.txt /a.txt
            COPY b.txt /b.txt
            RUN cat /a.txt > /out-a && cat /b.txt > /out-b
            FROM busybox
            COPY --from=builder /out-a /final-a
            RUN cat /final-a > /copy
            """;

    @Test
    void rebuildIsCachedAndOneChangedFileInvalidatesExactlyWhatReadsIt() throws Exception {
        h.file("a.txt", "A");
        h.file("b.txt", "B");
        BuildResult first = h.build(TWO_STAGES);
        assertThat(h.steps(BuildEvent.StepCached.class)).isEmpty();

        BuildResult second = h.build(TWO_STAGES);
        assertThat(h.steps(BuildEvent.StepCached.class)).hasSize(5);
        assertThat(second.imageId()).isEqualTo(first.imageId());

        h.file("b.txt", "B2");
        BuildResult third = h.build(TWO_STAGES);
        assertThat(h.steps(BuildEvent.StepDone.class)).filteredOn(s -> !s.contains("FROM"))
                .containsExactly("[builder 3/4] COPY b.txt /b.txt",
                        "[builder 4/4] RUN cat /a.txt > /out-a && cat /b.txt > /out-b");
        assertThat(h.steps(BuildEvent.StepCached.class)).containsExactly("[builder 2/4] COPY a.txt /a.txt",
                "[stage-1 2/3] COPY --from=builder /out-a /final-a", "[stage-1 3/3] RUN cat /final-a > /copy");
        assertThat(third.imageId()).as("the final image did not change").isEqualTo(first.imageId());

        h.file("a.txt", "A2");
        h.build(TWO_STAGES);
        assertThat(h.steps(BuildEvent.StepDone.class)).contains("[stage-1 2/3] COPY --from=builder /out-a /final-a");
        assertThat(h.unpack("docker.io/test/app:latest").resolve("copy")).hasContent("A2");
    }

    @Test
    void modeChangeInvalidatesButMtimeDoesNot() throws Exception {
        h.file("a.txt", "A");
        String dockerfile = "FROM busybox\nCOPY a.txt /a.txt\n";
        h.build(dockerfile);
        java.nio.file.Files.setLastModifiedTime(h.context.resolve("a.txt"),
                java.nio.file.attribute.FileTime.fromMillis(0));
        h.build(dockerfile);
        assertThat(h.steps(BuildEvent.StepCached.class)).hasSize(1);
        java.nio.file.Files.setPosixFilePermissions(h.context.resolve("a.txt"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        h.build(dockerfile);
        assertThat(h.steps(BuildEvent.StepCached.class)).isEmpty();
    }

    @Test
    void noCacheRunsEverything() throws Exception {
        h.build("FROM busybox\nRUN echo x > /x\n");
        h.build("FROM busybox\nRUN echo x > /x\n", r -> r.noCache(true));
        assertThat(h.steps(BuildEvent.StepCached.class)).isEmpty();
    }

    @Test
    void everyConfigInstruction() throws Exception {
        BuildResult result = h.build("""
                FROM busybox
                ARG VERSION=1.2
                ENV APP_HOME=/opt/app GREETING="hello world"
                LABEL version=$VERSION org.example.name="the app"
                EXPOSE 8080 53/udp
                VOLUME /data
                WORKDIR $APP_HOME
                USER app
                SHELL ["/bin/sh", "-ec"]
                STOPSIGNAL SIGINT
                HEALTHCHECK --interval=5s --retries=3 CMD wget -q localhost
                ONBUILD RUN echo triggered
                MAINTAINER someone@example.com
                CMD ["serve"]
                ENTRYPOINT ["/bin/app"]
                """);
        ImageConfig config = h.config(result);
        var c = config.config();
        assertThat(c.env()).contains("APP_HOME=/opt/app", "GREETING=hello world").noneMatch(e -> e.startsWith("VERSION"));
        assertThat(c.labels()).containsEntry("version", "1.2").containsEntry("org.example.name", "the app");
        assertThat(c.exposedPorts()).containsExactly("53/udp", "8080/tcp");
        assertThat(c.volumes()).containsExactly("/data");
        assertThat(c.workingDir()).isEqualTo("/opt/app");
        assertThat(c.user()).isEqualTo("app");
        assertThat(c.shell()).containsExactly("/bin/sh", "-ec");
        assertThat(c.stopSignal()).isEqualTo("SIGINT");
        assertThat(c.healthcheck().orElseThrow().test()).containsExactly("CMD-SHELL", "wget -q localhost");
        assertThat(c.healthcheck().orElseThrow().retries()).isEqualTo(3);
        assertThat(c.onBuild()).containsExactly("RUN echo triggered");
        assertThat(config.author()).isEqualTo("someone@example.com");
        assertThat(c.entrypoint()).containsExactly("/bin/app");
        assertThat(c.cmd()).as("CMD set in this stage survives ENTRYPOINT").containsExactly("serve");
        List<String> history = config.history().stream().map(History::createdBy).toList();
        assertThat(history).containsSubsequence("ARG VERSION=1.2", "ENV APP_HOME=/opt/app GREETING=hello world",
                "LABEL version=1.2 org.example.name=the app", "EXPOSE map[53/udp:{} 8080/tcp:{}]", "VOLUME [/data]",
                "WORKDIR /opt/app", "USER app", "SHELL [/bin/sh -ec]", "STOPSIGNAL SIGINT",
                "ONBUILD RUN echo triggered", "MAINTAINER someone@example.com", "CMD [\"serve\"]",
                "ENTRYPOINT [\"/bin/app\"]");
        assertThat(config.history().stream().filter(x -> !x.emptyLayer()).count())
                .isEqualTo(config.rootfs().diffIds().size());
        assertThat(h.unpack("docker.io/test/app:latest").resolve("opt/app")).isDirectory();
    }

    @Test
    void entrypointResetsAnInheritedCmdAndOnbuildTriggersRunInTheChild() throws Exception {
        h.build("FROM busybox\nONBUILD RUN echo from-trigger > /triggered\n", r -> r.tags(List.of("parent:1")));
        BuildResult child = h.build("FROM parent:1\nENTRYPOINT [\"/bin/sh\"]\n");
        assertThat(h.config(child).config().cmd()).isEmpty();
        assertThat(h.config(child).config().onBuild()).isEmpty();
        assertThat(h.unpack("docker.io/test/app:latest").resolve("triggered")).hasContent("from-trigger");
    }

    @Test
    void dockerignoreKeepsFilesOutOfCopies() throws Exception {
        h.file(".dockerignore", "secret*\n**/*.log\n!keep.log\n");
        h.file("app.txt", "app");
        h.file("secret.key", "k");
        h.file("logs/x.log", "x");
        h.file("keep.log", "kept");
        h.build("FROM busybox\nCOPY . /ctx/\n");
        Path rootfs = h.unpack("docker.io/test/app:latest");
        assertThat(rootfs.resolve("ctx/app.txt")).exists();
        assertThat(rootfs.resolve("ctx/keep.log")).exists();
        assertThat(rootfs.resolve("ctx/secret.key")).doesNotExist();
        assertThat(rootfs.resolve("ctx/logs/x.log")).doesNotExist();
    }
}
