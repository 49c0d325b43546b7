package dev.stevedore.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.dockerfile.Dockerfile;
import dev.stevedore.dockerfile.DockerfileParser;
import dev.stevedore.dockerfile.Stage;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Platform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The stage graph on real Dockerfiles: order, bases, references, pruning, parallelism. */
class PlannerTest {

    static final Platform AMD64 = Platform.of("linux", "amd64");
    static final Platform ARM64 = Platform.of("linux", "arm64", "v8");

    static Dockerfile parse(String text) {
        return DockerfileParser.parse("Dockerfile", text.getBytes(StandardCharsets.UTF_8));
    }

    static BuildPlan plan(String text) {
        return Planner.plan(parse(text), PlanRequest.of(AMD64));
    }

    static BuildPlan plan(String text, PlanRequest request) {
        return Planner.plan(parse(text), request);
    }

    static ImageReference ref(String text) {
        return ImageReference.parseCanonical(text);
    }

    static List<Integer> order(BuildPlan plan) {
        return plan.stages().stream().map(PlannedStage::index).toList();
    }

    @Test
    void builderAndRuntime() {
        BuildPlan plan = plan("""
                FROM golang:1.22 AS builder
                WORKDIR /src
                COPY . .
                RUN go build -o /out/app .

                FROM alpine:3.20 AS runtime
                COPY --from=builder /out/app /usr/local/bin/app
                ENTRYPOINT ["app"]
                """);
        assertThat(order(plan)).containsExactly(0, 1);
        assertThat(plan.target().displayName()).isEqualTo("runtime");
        assertThat(plan.stage(0).base()).isEqualTo(new Base.FromImage(ref("docker.io/library/golang:1.22"), Optional.empty()));
        assertThat(plan.stage(1).base()).isEqualTo(new Base.FromImage(ref("docker.io/library/alpine:3.20"), Optional.empty()));
        assertThat(plan.dependenciesOf(1)).containsExactly(0);
        assertThat(plan.dependentsOf(0)).containsExactly(1);
        assertThat(plan.dependentsOf(1)).isEmpty();
        assertThat(plan.stage(1).source("builder")).isEqualTo(new SourceRef.StageRef(0));
        assertThat(plan.externalImages()).containsExactly(
                new ExternalImage(ref("docker.io/library/alpine:3.20"), AMD64),
                new ExternalImage(ref("docker.io/library/golang:1.22"), AMD64));
        assertThat(plan.skipped()).isEmpty();
        assertThat(plan.independent(0, 1)).isFalse();
    }

    @Test
    void threeStageChainWithFromPreviousStage() {
        BuildPlan plan = plan("""
                FROM debian:bookworm AS base
                RUN apt-get update
                FROM BASE AS build
                RUN make
                FROM build
                RUN make test
                """);
        assertThat(order(plan)).containsExactly(0, 1, 2);
        assertThat(plan.stage(1).base()).isEqualTo(new Base.FromStage(0));
        assertThat(plan.stage(2).base()).isEqualTo(new Base.FromStage(1));
        assertThat(plan.stage(2).displayName()).isEqualTo("stage-2");
        assertThat(plan.waves()).map(List::copyOf).containsExactly(List.of(0), List.of(1), List.of(2));
        assertThat(plan.needs(2, 0)).isTrue();
        assertThat(plan.stage(2).platform()).isEqualTo(AMD64);
        assertThat(plan.externalImages()).extracting(e -> e.ref().toString())
                .containsExactly("docker.io/library/debian:bookworm");
    }

    @Test
    void copyFromByNameIndexAndExternalImage() {
        BuildPlan plan = plan("""
                FROM busybox AS tools
                FROM scratch
                COPY --from=TOOLS /bin/busybox /a
                COPY --from=0 /bin/busybox /b
                COPY --from=nginx:1.27 /etc/nginx /c
                COPY --from=quay.io/prometheus/node-exporter /bin/node_exporter /d
                RUN --mount=type=bind,from=tools,target=/t --mount=type=cache,target=/c,from=alpine true
                """);
        PlannedStage last = plan.stage(1);
        assertThat(last.base()).isEqualTo(new Base.FromScratch());
        assertThat(last.dependencies()).containsExactly(0);
        assertThat(last.sources()).containsExactly(
                Map.entry("TOOLS", new SourceRef.StageRef(0)),
                Map.entry("0", new SourceRef.StageRef(0)),
                Map.entry("nginx:1.27", new SourceRef.ImageRef(new ExternalImage(ref("docker.io/library/nginx:1.27"), AMD64))),
                Map.entry("quay.io/prometheus/node-exporter", new SourceRef.ImageRef(
                        new ExternalImage(ref("quay.io/prometheus/node-exporter:latest"), AMD64))),
                Map.entry("tools", new SourceRef.StageRef(0)),
                Map.entry("alpine", new SourceRef.ImageRef(new ExternalImage(ref("docker.io/library/alpine:latest"), AMD64))));
        assertThat(last.externalImages()).extracting(e -> e.ref().toString()).containsExactly(
                "docker.io/library/alpine:latest", "docker.io/library/nginx:1.27", "quay.io/prometheus/node-exporter:latest");
    }

    @Test
    void targetPrunesStagesItDoesNotNeedEvenBrokenOnes() {
        String text = """
                FROM alpine AS base
                FROM base AS test
                COPY --from=relaese /x /x
                RUN false
                FROM base AS release
                COPY --from=9 /x /x
                FROM base AS dev
                """;
        BuildPlan plan = plan(text, PlanRequest.of(AMD64).withTarget("Test").withTarget("dev"));
        assertThat(order(plan)).containsExactly(0, 3);
        assertThat(plan.skipped()).extracting(Stage::index).containsExactly(1, 2);
        assertThat(plan.contains(1)).isFalse();
        assertThat(plan.toString()).isEqualTo("BuildPlan[base, dev] skipped [test, release]");
        assertThatThrownBy(() -> plan(text, PlanRequest.of(AMD64).withTarget("test")))
                .hasMessage("Dockerfile:3: COPY --from=relaese: no stage or image named \"relaese\""
                        + " (stages: base, test, release, dev); did you mean \"release\"?");
    }

    @Test
    void independentStagesAreParallelAndSharedImagesPulledOnce() {
        BuildPlan plan = plan("""
                FROM node:20 AS frontend
                RUN npm ci
                FROM golang:1.22 AS backend
                RUN go build
                FROM node:20 AS docs
                RUN npm run docs
                FROM alpine
                COPY --from=frontend /dist /www
                COPY --from=backend /app /app
                COPY --from=docs /site /www/docs
                COPY --from=node:20 /usr/local/bin/node /node
                """);
        assertThat(plan.waves()).map(List::copyOf).containsExactly(List.of(0, 1, 2), List.of(3));
        assertThat(plan.independent(0, 1)).isTrue();
        assertThat(plan.independent(1, 2)).isTrue();
        assertThat(plan.independent(0, 3)).isFalse();
        assertThat(plan.dependentsOf(1)).containsExactly(3);
        assertThat(plan.externalImages()).extracting(e -> e.ref().toString()).containsExactly(
                "docker.io/library/alpine:latest", "docker.io/library/golang:1.22", "docker.io/library/node:20");
    }

    @Test
    void forwardCopyFromIsOrderedAfterTheStageItNeeds() {
        BuildPlan plan = plan("""
                FROM alpine AS app
                COPY --from=assets /a /a
                FROM alpine AS assets
                RUN echo > /a
                FROM app
                """);
        assertThat(order(plan)).containsExactly(1, 0, 2);
        assertThat(plan.externalImages()).hasSize(1);
    }

    @Test
    void fromNamingItsOwnStageIsTheImage() {
        BuildPlan plan = plan("FROM alpine AS alpine\nRUN true\n");
        assertThat(plan.stage(0).base()).isEqualTo(new Base.FromImage(ref("docker.io/library/alpine:latest"), Optional.empty()));
    }

    @Test
    void metaArgsExpandFromAndCopyFrom() {
        String text = """
                ARG BASE=debian:bookworm
                ARG STAGE=builder
                ARG PLATFORM=$BUILDPLATFORM
                FROM --platform=$PLATFORM ${BASE} AS builder
                FROM --platform=linux/arm64 busybox AS other
                FROM ${BASE}-slim
                ARG STAGE
                COPY --from=${STAGE} /out /out
                """;
        PlanRequest request = new PlanRequest(Optional.empty(), BuildArgs.NONE, ARM64, AMD64, List.of());
        BuildPlan plan = plan(text, request);
        assertThat(plan.stage(0).base()).isEqualTo(new Base.FromImage(ref("docker.io/library/debian:bookworm"), Optional.of(AMD64)));
        assertThat(plan.stage(0).platform()).isEqualTo(AMD64);
        assertThat(plan.stage(2).platform()).isEqualTo(ARM64);
        assertThat(plan.stage(2).source("${STAGE}")).isEqualTo(new SourceRef.StageRef(0));
        assertThat(order(plan)).containsExactly(0, 2);
        assertThat(plan.externalImages()).containsExactly(
                new ExternalImage(ref("docker.io/library/debian:bookworm"), AMD64),
                new ExternalImage(ref("docker.io/library/debian:bookworm-slim"), ARM64));

        BuildPlan other = plan(text, request.withBuildArgs(BuildArgs.of(Map.of("STAGE", "other", "BASE", "ubuntu"))));
        assertThat(other.stage(2).dependencies()).containsExactly(1);
        assertThat(other.stage(1).platform()).isEqualTo(Platform.of("linux", "arm64"));
        assertThat(other.stage(2).base()).isEqualTo(new Base.FromImage(ref("docker.io/library/ubuntu-slim:latest"), Optional.empty()));
    }

    @Test
    void namedContextsShadowImagesAndStages() {
        String text = """
                FROM alpine AS base
                FROM golang:1.22
                COPY --from=src /x /x
                COPY --from=base /y /y
                COPY --from=docker.io/library/busybox:latest /bin/busybox /busybox
                """;
        NamedContext src = NamedContext.parse("src=/home/me/src");
        NamedContext golang = NamedContext.parse("golang:1.22=docker-image://golang:1.22-alpine");
        NamedContext busybox = NamedContext.parse("busybox=docker-image://busybox:musl");
        NamedContext base = NamedContext.parse("base=/elsewhere");
        BuildPlan plan = plan(text, PlanRequest.of(AMD64).withContexts(List.of(src, golang, busybox, base)));
        PlannedStage last = plan.stage(1);
        assertThat(last.base()).isEqualTo(new Base.FromContext(golang));
        assertThat(last.source("src")).isEqualTo(new SourceRef.ContextRef(src));
        assertThat(last.source("base")).as("a context replaces the stage of its name").isEqualTo(new SourceRef.ContextRef(base));
        assertThat(last.source("docker.io/library/busybox:latest")).isEqualTo(new SourceRef.ContextRef(busybox));
        assertThat(src.source()).isEqualTo(new NamedContext.Source.Directory(Path.of("/home/me/src")));
        assertThat(plan.externalImages()).extracting(e -> e.ref().toString()).containsExactly(
                "docker.io/library/busybox:musl", "docker.io/library/golang:1.22-alpine");
    }

    @Test
    void namedContextSpecsAreChecked() {
        assertThatThrownBy(() -> NamedContext.parse("nothing"))
                .hasMessage("invalid build context \"nothing\": expected NAME=DIR or NAME=docker-image://REF");
        assertThatThrownBy(() -> NamedContext.parse("x=docker-image://Bad"))
                .hasMessageStartingWith("invalid build context \"x=docker-image://Bad\": ");
        assertThatThrownBy(() -> NamedContext.parse("x=git://example.com/r"))
                .hasMessage("invalid build context \"x=git://example.com/r\": only a directory or docker-image://REF is supported");
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("unknown target", "FROM alpine AS builder\nFROM alpine AS runtime\n", "buidler",
                        "Dockerfile: target stage \"buidler\" could not be found (stages: builder, runtime); did you mean \"builder\"?"),
                Arguments.of("unknown target, nothing close", "FROM alpine AS builder\n", "zzz",
                        "Dockerfile: target stage \"zzz\" could not be found (stages: builder)"),
                Arguments.of("typo in --from", """
                        FROM golang AS builder
                        FROM alpine AS runtime
                        COPY --from=buidler /app /app
                        """, null,
                        "Dockerfile:3: COPY --from=buidler: no stage or image named \"buidler\" (stages: builder, runtime); did you mean \"builder\"?"),
                Arguments.of("invalid image in --from", "FROM alpine AS a\nFROM alpine\nCOPY --from=Not_An_Image! / /\n", null,
                        "Dockerfile:3: COPY --from=Not_An_Image!: no stage or image named \"Not_An_Image!\" (stages: a)"),
                Arguments.of("typo in a mount from", "FROM alpine AS builder\nFROM alpine\nRUN --mount=from=bulder,target=/b true\n", null,
                        "Dockerfile:3: RUN --mount=from=bulder: no stage or image named \"bulder\" (stages: builder); did you mean \"builder\"?"),
                Arguments.of("typo in FROM", "FROM alpine AS builder\nFROM buidler\n", null,
                        "Dockerfile:2: FROM buidler: no stage or image named \"buidler\" (stages: builder); did you mean \"builder\"?"),
                Arguments.of("expanded --from", "ARG S=buidler\nFROM alpine AS builder\nFROM alpine\nCOPY --from=$S / /\n", null,
                        "Dockerfile:4: COPY --from=$S: no stage or image named \"buidler\" (stages: builder); did you mean \"builder\"?"),
                Arguments.of("future index", "FROM alpine AS a\nCOPY --from=1 / /\nFROM alpine\n", "a",
                        "Dockerfile:2: invalid from flag value 1: refers to current or future build stage"),
                Arguments.of("current index", "FROM alpine\nFROM alpine\nCOPY --from=1 / /\n", null,
                        "Dockerfile:3: invalid from flag value 1: refers to current or future build stage"),
                Arguments.of("huge index", "FROM alpine\nFROM alpine\nCOPY --from=99999999999999 / /\n", null,
                        "Dockerfile:3: invalid from flag value 99999999999999: refers to current or future build stage"),
                Arguments.of("FROM a later stage", "FROM runtime AS builder\nFROM alpine AS runtime\n", "builder",
                        "Dockerfile:1: FROM runtime: stage \"runtime\" is used before it is defined (on line 2);"
                                + " FROM can only use an earlier stage"),
                Arguments.of("self copy", "FROM alpine AS a\nCOPY --from=a / /\n", null,
                        "Dockerfile:2: circular dependency detected on stage: a (a -> a)"),
                Arguments.of("cycle", """
                        FROM busybox AS stage0
                        COPY --from=stage1 f1 /
                        FROM busybox AS stage1
                        COPY --from=stage2 f2 /
                        FROM busybox AS stage2
                        COPY --from=stage1 f2 /
                        """, "stage0",
                        "Dockerfile:6: circular dependency detected on stage: stage1 (stage1 -> stage2 -> stage1)"),
                Arguments.of("blank FROM", "ARG BASE\nFROM ${BASE}\n", null,
                        "Dockerfile:2: FROM ${BASE}: base name (${BASE}) should not be blank"),
                Arguments.of("bad expansion", "FROM ${BASE:?unset}\n", null,
                        "Dockerfile:1: FROM ${BASE:?unset}: failed to process \"${BASE:?unset}\": "),
                Arguments.of("bad platform", "FROM --platform=linux/*/v7 alpine\n", null,
                        "Dockerfile:1: FROM --platform=linux/*/v7: "),
                Arguments.of("empty --from", "ARG S\nFROM alpine\nCOPY --from=$S / /\n", null,
                        "Dockerfile:3: COPY --from=$S: the --from value is empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void errorsNameTheLineAndWhatExists(String name, String text, String target, String message) {
        PlanRequest request = target == null || target.isEmpty() ? PlanRequest.of(AMD64) : PlanRequest.of(AMD64).withTarget(target);
        var thrown = assertThatThrownBy(() -> plan(text, request)).isInstanceOf(InvalidInputException.class);
        if (message.endsWith(": ")) {
            thrown.hasMessageStartingWith(message);
        } else {
            thrown.hasMessage(message);
        }
    }

    @Test
    void duplicateStageNamesResolveAsInBuildKit() {
        // FROM: the latest stage of that name above the line; --from, --mount from= and --target: the last in the file
        String text = """
                FROM alpine AS a
                FROM a AS b
                FROM busybox AS A
                FROM a AS c
                COPY --from=a /x /x
                RUN --mount=from=a,target=/m true
                FROM golang AS a
                """;
        BuildPlan plan = plan(text, PlanRequest.of(AMD64).withTarget("c"));
        assertThat(plan.stage(3).base()).isEqualTo(new Base.FromStage(2));
        assertThat(plan.stage(3).source("a")).isEqualTo(new SourceRef.StageRef(4));
        assertThat(order(plan)).containsExactly(2, 4, 3);
        assertThat(plan(text, PlanRequest.of(AMD64).withTarget("b")).stage(1).base()).isEqualTo(new Base.FromStage(0));
        assertThat(plan(text, PlanRequest.of(AMD64).withTarget("a")).target().index()).isEqualTo(4);
        // a FROM naming its own stage means the image, even when a later stage has that name too
        assertThat(plan("FROM alpine AS alpine\nFROM busybox AS alpine\nFROM alpine\n").stage(2).base())
                .isEqualTo(new Base.FromStage(1));
    }

    @Test
    void aNamedContextReplacesTheStageOfItsName() {
        String text = """
                FROM alpine AS base
                RUN exit 1
                FROM base AS mid
                COPY --from=base /a /a
                RUN --mount=from=base,target=/b true
                FROM busybox
                COPY --from=0 /x /x
                COPY --from=mid /y /y
                """;
        NamedContext dir = NamedContext.parse("base=/prebuilt");
        BuildPlan plan = plan(text, PlanRequest.of(AMD64).withContexts(List.of(dir)));
        assertThat(order(plan)).as("the replaced stage is not built").containsExactly(1, 2);
        assertThat(plan.skipped()).extracting(Stage::index).containsExactly(0);
        assertThat(plan.stage(1).base()).isEqualTo(new Base.FromContext(dir));
        assertThat(plan.stage(1).source("base")).isEqualTo(new SourceRef.ContextRef(dir));
        assertThat(plan.stage(2).source("0")).as("by index too").isEqualTo(new SourceRef.ContextRef(dir));
        assertThat(plan.externalImages()).extracting(e -> e.ref().toString())
                .containsExactly("docker.io/library/busybox:latest");

        NamedContext image = NamedContext.parse("base=docker-image://debian:12");
        BuildPlan target = plan(text, PlanRequest.of(AMD64).withContexts(List.of(image)).withTarget("base"));
        assertThat(target.target().base()).isEqualTo(new Base.FromContext(image));
        assertThat(target.target().stage().instructions()).as("none of its own instructions run").isEmpty();
        assertThat(target.externalImages()).extracting(e -> e.ref().toString())
                .containsExactly("docker.io/library/debian:12");
    }

    @Test
    void aLongChainDoesNotOverflowTheStack() {
        StringBuilder text = new StringBuilder("FROM alpine AS s0\n");
        for (int i = 1; i < 3000; i++) {
            text.append("FROM s").append(i - 1).append(" AS s").append(i).append('\n');
        }
        BuildPlan plan = plan(text.toString());
        assertThat(plan.stages()).hasSize(3000);
        assertThat(plan.stages().getLast().index()).isEqualTo(2999);
    }

    /** BuildKit drops the stage name from progress when the build has one dispatch state only. */
    @Test
    void progressNamesAStageUnlessItIsTheBuildsOnlyOne() {
        assertThat(plan("FROM busybox AS only\nRUN true\n").progressName(0)).isEmpty();
        assertThat(plan("FROM busybox\nCOPY --from=alpine /x /x\n").progressName(0))
                .as("an image named by --from is a state of its own").isEqualTo("stage-0");
        assertThat(plan("FROM busybox AS unused\nFROM busybox\nRUN true\n").progressName(1))
                .as("a stage the target does not need still counts").isEqualTo("stage-1");
        assertThat(plan("FROM busybox AS one\nFROM one AS two\n").progressName(0)).isEqualTo("one");
    }
}
