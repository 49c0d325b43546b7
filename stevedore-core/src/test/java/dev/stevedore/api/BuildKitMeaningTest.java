package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.event.BuildEvent;
import dev.stevedore.oci.ImageConfig;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-stage builds whose result must be BuildKit's (issues #13 and #22): the scratch config,
 * users without a passwd file, a layer twice in a stack, ARGs through {@code FROM <stage>}. End
 * to end on a busybox image the test makes; root and runc needed.
 */
class BuildKitMeaningTest {

    @TempDir
    Path dir;

    BuildHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new BuildHarness(dir);
    }

    @Test
    void aScratchImageHasBuildKitsEmptyConfig() throws Exception {
        h.file("a.txt", "a\n");
        BuildResult result = h.build("FROM scratch\nCOPY a.txt /a.txt\n");
        ImageConfig config = h.config(result);
        assertThat(config.config().env()).containsExactly("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        assertThat(config.config().workingDir()).isEqualTo("/");
    }

    @Test
    void rootAndNumericUsersNeedNoPasswdForWorkdirAndCopy() throws Exception {
        h.file("a.txt", "a\n");
        h.build("""
                FROM scratch
                USER root
                WORKDIR /as-root
                COPY --chown=root a.txt /as-root/a.txt
                USER 9999
                WORKDIR /as-9999
                COPY --chown=9999 a.txt /as-9999/a.txt
                """);
        Path rootfs = h.unpack("docker.io/test/app:latest");
        assertThat(owner(rootfs.resolve("as-root"))).containsExactly(0, 0);
        assertThat(owner(rootfs.resolve("as-root/a.txt"))).containsExactly(0, 0);
        assertThat(owner(rootfs.resolve("as-9999"))).as("BuildKit: a bare uid is also the gid").containsExactly(9999, 9999);
        assertThat(owner(rootfs.resolve("as-9999/a.txt"))).containsExactly(9999, 9999);
    }

    @Test
    void aLayerRepeatedInTheStackStillMounts() throws Exception {
        h.file("a.txt", "a\n");
        BuildResult result = h.build("""
                FROM busybox
                RUN true
                RUN true && true
                COPY a.txt /a
                COPY a.txt /a
                RUN cat /a > /b
                """);
        List<String> diffIds = h.config(result).rootfs().diffIds().stream().map(Object::toString).toList();
        assertThat(Set.copyOf(diffIds)).as("the same COPY twice: one layer twice in the stack")
                .hasSize(diffIds.size() - 1);
        assertThat(h.unpack("docker.io/test/app:latest").resolve("b")).hasContent("a");
    }

    /** Issue #22: BuildKit's dispatch state of {@code FROM base AS child} starts from base's, its ARG values included. */
    @Test
    void argValuesFollowAStageIntoTheStagesBuiltFromIt() throws Exception {
        String dockerfile = """
                FROM busybox AS base
                ARG V=base-default
                ARG W=w
                FROM base AS child
                RUN echo "$V $W" > /child-sees
                ARG V
                RUN echo "$V" > /child-redeclared
                FROM child AS grandchild
                RUN echo "$V $W" > /grandchild-sees
                ARG V=grandchild-default
                RUN echo "$V" > /grandchild-default
                """;
        BuildResult result = h.build(dockerfile);
        Path rootfs = h.unpack("docker.io/test/app:latest");
        assertThat(rootfs.resolve("child-sees")).hasContent("base-default w");
        assertThat(rootfs.resolve("child-redeclared")).as("ARG V without default keeps the inherited value")
                .hasContent("base-default");
        assertThat(rootfs.resolve("grandchild-sees")).hasContent("base-default w");
        assertThat(rootfs.resolve("grandchild-default")).hasContent("grandchild-default");
        assertThat(h.config(result).config().env()).as("ARGs never reach the image")
                .noneMatch(e -> e.startsWith("V=") || e.startsWith("W="));

        h.build(dockerfile, r -> r.buildArgs(Map.of("V", "given")));
        rootfs = h.unpack("docker.io/test/app:latest");
        assertThat(rootfs.resolve("child-sees")).hasContent("given w");
        assertThat(rootfs.resolve("child-redeclared")).hasContent("given");
        assertThat(rootfs.resolve("grandchild-sees")).hasContent("given w");
        assertThat(rootfs.resolve("grandchild-default")).as("with a default, --build-arg still wins").hasContent("given");
    }

    /** Issue #13: BuildKit's copy keeps hard links, between the sources of one COPY too. */
    @Test
    void hardLinksSurviveCopyAndAdd() throws Exception {
        h.file("dir/f", "linked\n");
        Files.createLink(h.context.resolve("dir/g"), h.context.resolve("dir/f"));
        Files.createLink(h.context.resolve("top"), h.context.resolve("dir/f"));
        h.build("""
                FROM busybox AS builder
                RUN echo made > /made && ln /made /also
                FROM busybox
                COPY dir /tree/
                COPY dir/f top /two/
                COPY --from=builder /made /also /staged/
                COPY --parents dir/f dir/g /parents/
                COPY --link dir /linked/
                ADD dir /added/
                """);
        Path rootfs = h.unpack("docker.io/test/app:latest");
        for (String[] pair : new String[][] {{"tree/f", "tree/g"}, {"two/f", "two/top"}, {"staged/made", "staged/also"},
                {"parents/dir/f", "parents/dir/g"}, {"linked/f", "linked/g"}, {"added/f", "added/g"}}) {
            assertThat(inode(rootfs.resolve(pair[1]))).as(pair[1] + " is a hard link of " + pair[0])
                    .isEqualTo(inode(rootfs.resolve(pair[0])));
        }
        assertThat(rootfs.resolve("two/top")).hasContent("linked");
    }

    /** Issue #13: BuildKit's step names (its {@code prefixCommand}); the FROM names the image as resolved. */
    @Test
    void stepNamesShowExpandedTextAndNoStageNameWhenThereIsOneStage() throws Exception {
        h.build("""
                ARG BASE=busybox
                FROM ${BASE} AS base
                WORKDIR /a
                WORKDIR /b
                WORKDIR /c
                WORKDIR /d
                WORKDIR /e
                WORKDIR /f
                WORKDIR /g
                WORKDIR /h
                WORKDIR /i
                FROM base
                WORKDIR /z
                """);
        assertThat(h.steps(BuildEvent.StepDone.class)).as("the index padded to the total's width").containsExactly(
                "[base  1/10] FROM docker.io/library/busybox:latest", "[base  2/10] WORKDIR /a",
                "[base  3/10] WORKDIR /b", "[base  4/10] WORKDIR /c", "[base  5/10] WORKDIR /d",
                "[base  6/10] WORKDIR /e", "[base  7/10] WORKDIR /f", "[base  8/10] WORKDIR /g",
                "[base  9/10] WORKDIR /h", "[base 10/10] WORKDIR /i", "[stage-1 1/2] FROM base",
                "[stage-1 2/2] WORKDIR /z");

        h.file("a.txt", "a");
        h.build("""
                FROM busybox AS only
                ARG DIR=/opt
                WORKDIR $DIR/x
                RUN echo "$DIR" $UNSET ${UNSET:-d} > /dev/null
                COPY a.txt "$DIR/"
                """);
        assertThat(h.steps(BuildEvent.StepDone.class)).as("the variables expanded, a RUN's quotes and unset ones kept")
                .containsExactly("[1/4] FROM docker.io/library/busybox:latest", "[2/4] WORKDIR /opt/x",
                        "[3/4] RUN echo \"/opt\" $UNSET ${UNSET:-d} > /dev/null", "[4/4] COPY a.txt /opt/");
    }

    static Object inode(Path path) throws Exception {
        return Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }

    static List<Object> owner(Path path) throws Exception {
        return List.of(Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS),
                Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS));
    }
}
