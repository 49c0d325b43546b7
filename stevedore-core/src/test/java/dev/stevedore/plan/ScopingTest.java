package dev.stevedore.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.dockerfile.Dockerfile;
import dev.stevedore.dockerfile.DockerfileParser;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.dockerfile.Stage;
import dev.stevedore.dockerfile.shell.ShellLexer;
import dev.stevedore.oci.Platform;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ARG and ENV scoping as BuildKit applies it, on real parsed Dockerfiles. */
class ScopingTest {

    private static final Platform AMD64 = new Platform("linux", "amd64", Optional.empty());
    private static final Platform ARM64 = new Platform("linux", "arm64", Optional.of("v8"));

    private static Dockerfile parse(String text) {
        return DockerfileParser.parse("Dockerfile", text.getBytes(StandardCharsets.UTF_8));
    }

    private static GlobalArgs global(Dockerfile df, Map<String, String> buildArgs) {
        return GlobalArgs.resolve(df.metaArgs(), BuildArgs.of(buildArgs), PlatformArgs.of(ARM64, AMD64),
                ShellLexer.standard());
    }

    /** Runs the stage's ARG and ENV instructions and returns its scope. */
    private static StageScope walk(Dockerfile df, int stage, Map<String, String> buildArgs, Map<String, String> imageEnv) {
        return walk(df, stage, buildArgs, imageEnv, Map.of());
    }

    /** {@link #walk(Dockerfile, int, Map, Map)} of a stage built FROM a stage that ended with {@code inherited}. */
    private static StageScope walk(Dockerfile df, int stage, Map<String, String> buildArgs, Map<String, String> imageEnv,
                                   Map<String, String> inherited) {
        StageScope scope = new StageScope(global(df, buildArgs), BuildArgs.of(buildArgs), ShellLexer.standard(), imageEnv,
                inherited);
        Stage s = df.stages().get(stage);
        for (Instruction i : s.instructions()) {
            switch (i) {
                case Instruction.Arg arg -> scope.declare(arg);
                case Instruction.Env env -> scope.setEnv(env);
                default -> { }
            }
        }
        return scope;
    }

    @Test
    void metaArgsExpandFromLinesAndBuildArgsOverrideDefaults() {
        Dockerfile df = parse("ARG BASE=alpine\nARG TAG=${BASE}-3\nFROM ${BASE}:${TAG}\n");
        ShellLexer lexer = ShellLexer.standard();
        String image = df.stages().get(0).from().image();
        assertThat(lexer.expandWord(image, global(df, Map.of()).env())).isEqualTo("alpine:alpine-3");
        assertThat(lexer.expandWord(image, global(df, Map.of("BASE", "debian")).env())).isEqualTo("debian:debian-3");
        assertThat(lexer.expandWord(image, global(df, Map.of("TAG", "x")).env())).isEqualTo("alpine:x");
    }

    @Test
    void platformArgsAreGlobalButNotInStagesUntilRedeclared() {
        Dockerfile df = parse("FROM --platform=$BUILDPLATFORM img\nRUN x\nARG TARGETARCH TARGETVARIANT\nARG TARGETPLATFORM\n");
        assertThat(ShellLexer.standard().expandWord(df.stages().get(0).from().platform().orElseThrow(),
                global(df, Map.of()).env())).isEqualTo("linux/amd64");
        StageScope scope = new StageScope(global(df, Map.of()), BuildArgs.NONE, ShellLexer.standard(), Map.of());
        assertThat(scope.expand("[$TARGETARCH]")).isEqualTo("[]");
        scope = walk(df, 0, Map.of(), Map.of());
        assertThat(scope.expand("$TARGETARCH/$TARGETVARIANT/$TARGETPLATFORM")).isEqualTo("arm64/v8/linux/arm64/v8");
    }

    @Test
    void globalArgIsInvisibleInAStageUntilRedeclared() {
        Dockerfile df = parse("ARG V=1\nFROM a\nENV BEFORE=$V\nARG V\nENV AFTER=$V\n");
        StageScope scope = walk(df, 0, Map.of(), Map.of());
        assertThat(scope.imageEnv()).containsEntry("BEFORE", "").containsEntry("AFTER", "1");
    }

    @Test
    void redeclaredGlobalTakesTheBuildArg() {
        Dockerfile df = parse("ARG V=1\nFROM a\nARG V\nENV X=$V\n");
        assertThat(walk(df, 0, Map.of("V", "2"), Map.of()).imageEnv()).containsEntry("X", "2");
    }

    @Test
    void stageDefaultLosesToBuildArgAndIsExpanded() {
        Dockerfile df = parse("FROM a\nENV P=/opt\nARG DIR=$P/app\nARG OTHER=x\nWORKDIR $DIR\n");
        StageScope scope = walk(df, 0, Map.of("OTHER", "y"), Map.of());
        assertThat(scope.expand("$DIR $OTHER")).isEqualTo("/opt/app y");
        assertThat(scope.consumedBuildArgs()).containsExactly("OTHER");
    }

    @Test
    void envShadowsArgWhicheverComesFirst() {
        Dockerfile df = parse("FROM a\nARG V=arg\nENV V=env\nARG V=again\n");
        StageScope scope = walk(df, 0, Map.of("V", "cli"), Map.of());
        assertThat(scope.expand("$V")).isEqualTo("env");
        assertThat(scope.runEnvironment()).containsEntry("V", "env");
    }

    @Test
    void imageEnvShadowsArgs() {
        Dockerfile df = parse("FROM a\nARG PATH=/nope\n");
        StageScope scope = walk(df, 0, Map.of(), Map.of("PATH", "/usr/bin"));
        assertThat(scope.expand("$PATH")).isEqualTo("/usr/bin");
    }

    @Test
    void envPairsOfOneInstructionSeeTheOldValues() {
        Dockerfile df = parse("FROM a\nENV abc=hello\nENV abc=bye def=$abc\nENV ghi=$abc\n");
        SequencedMapAssert.of(walk(df, 0, Map.of(), Map.of()).imageEnv())
                .isExactly(List.of(Map.entry("abc", "bye"), Map.entry("def", "hello"), Map.entry("ghi", "bye")));
    }

    @Test
    void envLegacyFormAndQuotes() {
        Dockerfile df = parse("FROM a\nENV A hello world\nENV B=\"x y\" C='$A'\n");
        StageScope scope = walk(df, 0, Map.of(), Map.of());
        assertThat(scope.imageEnv()).containsEntry("A", "hello world").containsEntry("B", "x y").containsEntry("C", "$A");
    }

    @Test
    void argsReachRunButNotTheImageAndProxyArgsNeedNoDeclaration() {
        Dockerfile df = parse("FROM a\nARG VERSION=1.2\nENV HOME=/root\n");
        StageScope scope = walk(df, 0, Map.of("HTTP_PROXY", "http://p:3128", "UNUSED", "x"), Map.of());
        assertThat(scope.runEnvironment()).containsEntry("VERSION", "1.2").containsEntry("HOME", "/root")
                .containsEntry("HTTP_PROXY", "http://p:3128").doesNotContainKey("UNUSED");
        assertThat(scope.imageEnv()).containsOnlyKeys("HOME");
        assertThat(scope.expand("$HTTP_PROXY")).isEmpty();
    }

    @Test
    void argWithoutValueIsDeclaredButUnset() {
        Dockerfile df = parse("FROM a\nARG NOPE\n");
        StageScope scope = walk(df, 0, Map.of(), Map.of());
        assertThat(scope.expand("${NOPE-unset}")).isEqualTo("unset");
        assertThat(scope.runEnvironment()).doesNotContainKey("NOPE");
    }

    @Test
    void stagesDoNotSeeEachOthersVariables() {
        Dockerfile df = parse("FROM a AS one\nARG X=1\nENV Y=2\nFROM b\nENV Z=$X$Y\n");
        assertThat(walk(df, 1, Map.of(), Map.of()).imageEnv()).containsEntry("Z", "");
    }

    @Test
    void aStageBuiltFromAnotherStartsWithItsArgValues() {
        Dockerfile df = parse("""
                ARG G=global
                FROM a AS base
                ARG X=fromBase Y=y G
                FROM base AS child
                ARG Y
                ARG G
                FROM child AS grandchild
                ARG X=own
                """);
        StageScope base = walk(df, 0, Map.of(), Map.of(), Map.of());
        assertThat(base.args()).containsExactly(Map.entry("X", "fromBase"), Map.entry("Y", "y"), Map.entry("G", "global"));
        StageScope child = walk(df, 1, Map.of(), Map.of(), base.args());
        assertThat(child.expand("$X $Y $G")).as("inherited without re-declaring; ARG Y without default keeps it")
                .isEqualTo("fromBase y global");
        assertThat(child.runEnvironment()).containsEntry("X", "fromBase");
        assertThat(child.imageEnv()).isEmpty();
        StageScope grandchild = walk(df, 2, Map.of(), Map.of(), child.args());
        assertThat(grandchild.expand("$X $Y")).as("a default replaces the inherited value").isEqualTo("own y");

        Map<String, String> cli = Map.of("X", "cli");
        StageScope givenBase = walk(df, 0, cli, Map.of(), Map.of());
        assertThat(walk(df, 1, cli, Map.of(), givenBase.args()).expand("$X")).isEqualTo("cli");
        assertThat(walk(df, 2, cli, Map.of(), walk(df, 1, cli, Map.of(), givenBase.args()).args()).expand("$X"))
                .as("with a default, the build arg still wins").isEqualTo("cli");
    }

    @Test
    void argWithoutDefaultKeepsTheValueItHasButAGlobalOneReplacesIt() {
        Dockerfile df = parse("ARG G=global\nFROM a\nARG V=1 G=2\nARG V G\n");
        StageScope scope = walk(df, 0, Map.of(), Map.of());
        assertThat(scope.expand("$V $G")).isEqualTo("1 global");
    }

    @Test
    void badExpansionIsAnInputError() {
        Dockerfile df = parse("FROM a\nENV X=${}\n");
        assertThatThrownBy(() -> walk(df, 0, Map.of(), Map.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("bad substitution");
    }

    @Test
    void escapeDirectiveChangesTheLexer() {
        Dockerfile df = parse("# escape=`\nFROM a\nENV X=a`$b\n");
        StageScope scope = new StageScope(global(df, Map.of()), BuildArgs.NONE,
                new ShellLexer(df.directives().escape()), Map.of());
        scope.setEnv((Instruction.Env) df.stages().get(0).instructions().get(0));
        assertThat(scope.imageEnv()).containsEntry("X", "a$b");
    }

    /** Exact order of a sequenced map, which AssertJ's map asserts do not check. */
    private record SequencedMapAssert(List<Map.Entry<String, String>> actual) {
        static SequencedMapAssert of(Map<String, String> map) {
            return new SequencedMapAssert(List.copyOf(new LinkedHashMap<>(map).entrySet()));
        }

        void isExactly(List<Map.Entry<String, String>> expected) {
            assertThat(actual).containsExactlyElementsOf(expected);
        }
    }
}
