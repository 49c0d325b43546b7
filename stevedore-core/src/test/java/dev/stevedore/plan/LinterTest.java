package dev.stevedore.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.Diagnostic;
import dev.stevedore.dockerfile.Dockerfile;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.dockerfile.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each build check firing, with BuildKit's wording, and not firing on the correct form. */
class LinterTest {

    static List<String> lint(String text) {
        return Linter.check(PlannerTest.parse(text), PlanRequest.of(PlannerTest.AMD64)).diagnostics().stream()
                .map(Diagnostic::format).toList();
    }

    /** The findings of the rules in {@code only}, so each case shows its own rule alone. */
    static List<String> lint(String text, Set<String> only) {
        return Linter.check(PlannerTest.parse(text), PlanRequest.of(PlannerTest.AMD64)).findings().stream()
                .filter(f -> only.contains(f.rule().name())).map(f -> f.diagnostic().format()).toList();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("StageNameCasing", "FROM alpine AS Builder\n",
                        List.of("Dockerfile:1: StageNameCasing: Stage name 'Builder' should be lowercase")),
                Arguments.of("FromAsCasing", "FROM alpine as builder\n",
                        List.of("Dockerfile:1: FromAsCasing: 'as' and 'FROM' keywords' casing do not match")),
                Arguments.of("FromAsCasing, lower", "from alpine AS builder\n",
                        List.of("Dockerfile:1: FromAsCasing: 'AS' and 'from' keywords' casing do not match")),
                Arguments.of("NoEmptyContinuation", "FROM alpine\nRUN echo a \\\n\n  b\n",
                        List.of("Dockerfile:3: NoEmptyContinuation: Empty continuation line")),
                Arguments.of("ConsistentInstructionCasing", "FROM alpine\nrun true\nRUN true\nCopy a /b\n",
                        List.of("Dockerfile:2: ConsistentInstructionCasing: Command 'run' should match the case of the command majority (uppercase)",
                                "Dockerfile:4: ConsistentInstructionCasing: Command 'Copy' should match the case of the command majority (uppercase)")),
                Arguments.of("ConsistentInstructionCasing, lower majority", "from alpine\nrun true\nRUN true\n",
                        List.of("Dockerfile:3: ConsistentInstructionCasing: Command 'RUN' should match the case of the command majority (lowercase)")),
                Arguments.of("ConsistentInstructionCasing, global ARGs left out as BuildKit does", "arg A=1\narg B=2\nFROM alpine\nRUN true\n",
                        List.of()),
                Arguments.of("RedundantTargetPlatform", "FROM --platform=$TARGETPLATFORM alpine\nFROM --platform=${TARGETPLATFORM} alpine\n",
                        List.of("Dockerfile:1: RedundantTargetPlatform: Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior",
                                "Dockerfile:2: RedundantTargetPlatform: Setting platform to predefined ${TARGETPLATFORM} in FROM is redundant as this is the default behavior")),
                Arguments.of("RedundantTargetPlatform, not BUILDPLATFORM nor a mix", "ARG V=x\nFROM --platform=$BUILDPLATFORM alpine\nFROM --platform=${TARGETPLATFORM}${V} alpine\n",
                        List.of()),
                Arguments.of("ExposeProtoCasing", "FROM alpine\nEXPOSE 80/TcP 53/udp\n",
                        List.of("Dockerfile:2: ExposeProtoCasing: Defined protocol '80/TcP' in EXPOSE instruction should be lowercase")),
                Arguments.of("ExposeProtoCasing, from a variable", "FROM alpine\nENV P=\"8080/UDP 9090\"\nEXPOSE $P\n",
                        List.of("Dockerfile:3: ExposeProtoCasing: Defined protocol '8080/UDP' in EXPOSE instruction should be lowercase")),
                Arguments.of("ExposeInvalidFormat", "FROM alpine\nEXPOSE 127.0.0.1:80:80\nEXPOSE 8080:80/tcp\nEXPOSE 80 443/tcp :81\n",
                        List.of("Dockerfile:2: ExposeInvalidFormat: EXPOSE instruction should not define an IP address or host-port mapping, found '127.0.0.1:80:80'",
                                "Dockerfile:3: ExposeInvalidFormat: EXPOSE instruction should not define an IP address or host-port mapping, found '8080:80/tcp'")),
                Arguments.of("ReservedStageName", "FROM alpine AS context\nFROM alpine AS scratch\n",
                        List.of("Dockerfile:1: ReservedStageName: Stage name should not use the same name as reserved stage \"context\"",
                                "Dockerfile:2: ReservedStageName: Stage name should not use the same name as reserved stage \"scratch\"")),
                Arguments.of("JSONArgsRecommended", "FROM alpine\nCMD echo hi\nENTRYPOINT run.sh\n",
                        List.of("Dockerfile:2: JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals",
                                "Dockerfile:3: JSONArgsRecommended: JSON arguments recommended for ENTRYPOINT to prevent unintended behavior related to OS signals")),
                Arguments.of("JSONArgsRecommended, not with SHELL", "FROM alpine AS a\nSHELL [\"/bin/bash\", \"-c\"]\nFROM a\nCMD echo hi\n",
                        List.of()),
                Arguments.of("MaintainerDeprecated", "FROM alpine\nMAINTAINER me@example.com\n",
                        List.of("Dockerfile:2: MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label")),
                Arguments.of("UndefinedArgInFrom", "ARG VERSION=3\nFROM alpine:${VERSIN}\n",
                        List.of("Dockerfile:2: UndefinedArgInFrom: FROM argument 'VERSIN' is not declared (did you mean VERSION?)",
                                "Dockerfile:2: InvalidDefaultArgInFrom: Default value for ARG alpine:${VERSIN} results in empty or invalid base image name")),
                Arguments.of("UndefinedArgInFrom, platform", "FROM --platform=$PLATFORM alpine\n",
                        List.of("Dockerfile:1: UndefinedArgInFrom: FROM argument 'PLATFORM' is not declared")),
                Arguments.of("UndefinedArgInFrom, declared without value", "ARG TAG\nFROM alpine:${TAG:-3}\nFROM --platform=$BUILDPLATFORM alpine\n",
                        List.of()),
                Arguments.of("WorkdirRelativePath", "FROM alpine\nWORKDIR app\nWORKDIR /srv\nWORKDIR data\n",
                        List.of("Dockerfile:2: WorkdirRelativePath: Relative workdir \"app\" can have unexpected results if the base image changes")),
                Arguments.of("WorkdirRelativePath, inherited", "FROM alpine AS base\nWORKDIR /app\nFROM base\nWORKDIR src\n",
                        List.of()),
                Arguments.of("UndefinedVar", "FROM alpine\nARG foo\nENV PATH=$PATH:/x\nCOPY $fo /${FOO}/\nRUN echo $nothing\n",
                        List.of("Dockerfile:4: UndefinedVar: Usage of undefined variable '$fo' (did you mean $foo?)",
                                "Dockerfile:4: UndefinedVar: Usage of undefined variable '$FOO' (did you mean $foo?)")),
                Arguments.of("UndefinedVar, from a parent stage", "FROM scratch AS a\nENV HOME=/root\nFROM a\nWORKDIR $HOME\nUSER $USER\n",
                        List.of("Dockerfile:5: UndefinedVar: Usage of undefined variable '$USER'")),
                Arguments.of("MultipleInstructionsDisallowed", "FROM alpine\nCMD [\"a\"]\nCMD [\"b\"]\nHEALTHCHECK NONE\nCMD [\"c\"]\nFROM alpine\nCMD [\"d\"]\n",
                        List.of("Dockerfile:2: MultipleInstructionsDisallowed: Multiple CMD instructions should not be used in the same stage because only the last one will be used",
                                "Dockerfile:3: MultipleInstructionsDisallowed: Multiple CMD instructions should not be used in the same stage because only the last one will be used")),
                Arguments.of("LegacyKeyValueFormat", "FROM alpine\nENV A 1\nLABEL maintainer me\nENV B=2\n",
                        List.of("Dockerfile:2: LegacyKeyValueFormat: \"ENV key=value\" should be used instead of legacy \"ENV key value\" format",
                                "Dockerfile:3: LegacyKeyValueFormat: \"LABEL key=value\" should be used instead of legacy \"LABEL key value\" format")),
                Arguments.of("InvalidDefaultArgInFrom", "ARG TAG\nARG IMAGE\nFROM alpine:${TAG}\nFROM ${IMAGE}\n",
                        List.of("Dockerfile:3: InvalidDefaultArgInFrom: Default value for ARG alpine:${TAG} results in empty or invalid base image name",
                                "Dockerfile:4: InvalidDefaultArgInFrom: Default value for ARG ${IMAGE} results in empty or invalid base image name")),
                Arguments.of("InvalidDefaultArgInFrom, good default", "ARG TAG=3\nFROM alpine:${TAG}\n", List.of()),
                Arguments.of("SecretsUsedInArgOrEnv", "ARG GITHUB_TOKEN\nFROM alpine\nARG API_KEY=x\nENV DB_PASSWORD=y PUBLIC_KEY=z KEYBOARD=us\n",
                        List.of("Dockerfile:1: SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ARG \"GITHUB_TOKEN\")",
                                "Dockerfile:3: SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ARG \"API_KEY\")",
                                "Dockerfile:4: SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ENV \"DB_PASSWORD\")")),
                Arguments.of("FromPlatformFlagConstDisallowed", "FROM --platform=linux/amd64 alpine AS build\nFROM --platform=linux/arm64 alpine AS build-arm64\n",
                        List.of("Dockerfile:1: FromPlatformFlagConstDisallowed: FROM --platform flag should not use constant value \"linux/amd64\"")));
    }

    static final Set<String> BUILDKIT = names(LintRules.BUILDKIT);
    static final Set<String> MULTI_STAGE = names(LintRules.MULTI_STAGE);

    static Set<String> names(List<LintRule> rules) {
        return rules.stream().map(LintRule::name).collect(Collectors.toSet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ruleFiresWithBuildKitsWording(String name, String text, List<String> expected) {
        assertThat(lint(text, BUILDKIT)).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> multiStageCases() {
        return Stream.of(
                Arguments.of("ToolchainFinalStage", "FROM golang:1.22\nRUN go build .\n",
                        List.of("Dockerfile:1: ToolchainFinalStage: The final stage is based on toolchain image 'golang:1.22':"
                                + " build in an earlier stage and copy only the result into a runtime image")),
                Arguments.of("ToolchainFinalStage, through FROM stage chains and global ARGs",
                        "ARG JDK=eclipse-temurin:21-jdk\nFROM $JDK AS base\nFROM base AS build\nRUN true\nFROM build\nCMD [\"java\"]\n",
                        List.of("Dockerfile:5: ToolchainFinalStage: The final stage is based on toolchain image 'eclipse-temurin:21-jdk'"
                                + " (through stages 'build', 'base'): build in an earlier stage and copy only the result into a runtime image")),
                Arguments.of("ToolchainFinalStage, a runtime final stage", "FROM maven:3.9 AS build\nRUN mvn package\nFROM eclipse-temurin:21-jre\n"
                        + "COPY --from=build /app.jar /\n", List.of()),
                Arguments.of("ToolchainFinalStage, runtime images", "FROM openjdk:17-jre AS a\nFROM node-exporter:1 AS b\nFROM python:3.12-slim\n"
                        + "COPY --from=a / /a\nCOPY --from=b / /b\n", List.of()),
                Arguments.of("UnusedStage", "FROM alpine AS tools\nFROM alpine AS base\nFROM base AS build\nFROM alpine\nCOPY --from=build /x /x\n",
                        List.of("Dockerfile:1: UnusedStage: Stage 'tools' is never used: it is not the target and no FROM, COPY --from"
                                + " or RUN --mount from= refers to it")),
                Arguments.of("UnusedStage, unnamed", "FROM alpine\nRUN true\nFROM alpine\n",
                        List.of("Dockerfile:1: UnusedStage: Stage 'stage-0' is never used: it is not the target and no FROM, COPY --from"
                                + " or RUN --mount from= refers to it")),
                Arguments.of("UnusedStage, used by index, by a mount, by a later name", """
                        # check=skip=CopyFromStageIndex
                        FROM alpine
                        FROM alpine AS cache
                        FROM alpine AS first
                        COPY --from=later /b /b
                        FROM alpine AS later
                        FROM alpine
                        COPY --from=0 /a /a
                        COPY --from=first /f /f
                        RUN --mount=from=cache,target=/c true
                        """, List.of()),
                Arguments.of("CopyFromStageIndex", "FROM alpine AS build\nFROM alpine\nFROM alpine\nCOPY --from=0 /a /a\nCOPY --from=1 /b /b\n",
                        List.of("Dockerfile:4: CopyFromStageIndex: COPY --from=0 refers to a stage by its index: use --from=build instead",
                                "Dockerfile:5: CopyFromStageIndex: COPY --from=1 refers to a stage by its index:"
                                        + " name the stage (FROM ... AS <name>) and use --from=<name>")),
                Arguments.of("CopyFromStageIndex, names and images are fine", "FROM alpine AS build\nFROM alpine\n"
                        + "COPY --from=build /a /a\nCOPY --from=nginx:1 /b /b\n", List.of()),
                Arguments.of("ChownChmodDuplicatesFiles", """
                        FROM alpine
                        WORKDIR /srv
                        COPY . app/
                        ADD data.tar /data
                        RUN apk add curl && chown -R nobody:nobody app
                        RUN chmod -R g+w /data/cache; echo done
                        RUN ["chown", "-hR", "nobody", "/"]
                        RUN <<EOF
                        set -e
                        sudo chmod --recursive a+r /srv/app/conf
                        EOF
                        """,
                        List.of("Dockerfile:5: ChownChmodDuplicatesFiles: RUN chown -R over 'app', which COPY on line 3 added,"
                                        + " copies those files into a new layer: use COPY --chown instead",
                                "Dockerfile:6: ChownChmodDuplicatesFiles: RUN chmod -R over '/data/cache', which ADD on line 4 added,"
                                        + " copies those files into a new layer: use ADD --chmod instead",
                                "Dockerfile:7: ChownChmodDuplicatesFiles: RUN chown -R over '/', which COPY on line 3 added,"
                                        + " copies those files into a new layer: use COPY --chown instead",
                                "Dockerfile:8: ChownChmodDuplicatesFiles: RUN chmod -R over '/srv/app/conf', which COPY on line 3 added,"
                                        + " copies those files into a new layer: use COPY --chmod instead")),
                Arguments.of("ChownChmodDuplicatesFiles, not without -R, not over other paths, not from another stage", """
                        FROM alpine AS build
                        COPY . /src
                        FROM alpine
                        COPY --from=build /src/out /app
                        RUN chown nobody /app && chmod -R 755 /srv && mkdir /data && chown -R nobody /data
                        RUN chmod -w /app/x
                        """, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("multiStageCases")
    void multiStageRuleFires(String name, String text, List<String> expected) {
        assertThat(lint(text, MULTI_STAGE)).containsExactlyElementsOf(expected);
    }

    @Test
    void cleanMultiStageDockerfileHasNoFinding() {
        assertThat(lint("""
                # syntax=docker/dockerfile:1
                ARG GO=1.22
                FROM --platform=$BUILDPLATFORM golang:${GO} AS builder
                WORKDIR /src
                ARG TARGETOS
                ENV GOOS=${TARGETOS} CGO_ENABLED=0
                COPY . .
                RUN go build -o /out/app .
                FROM scratch
                COPY --from=builder /out/app /app
                EXPOSE 8080/tcp
                ENTRYPOINT ["/app"]
                """)).isEmpty();
    }

    @Test
    void checkDirectiveSkipsRulesAndTurnsFindingsIntoErrors() {
        String text = "FROM alpine AS Builder\nMAINTAINER me\nCMD echo\n";
        assertThat(lint("# check=skip=StageNameCasing,jsonargsrecommended\n" + text))
                .containsExactly("Dockerfile:3: MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label");
        assertThat(lint("# check=skip=all\n" + text)).isEmpty();
        LintReport errors = Linter.check(PlannerTest.parse("# check=error=true\n" + text), PlanRequest.of(PlannerTest.AMD64));
        assertThat(errors.findings()).hasSize(3).allMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
        assertThat(errors.violation()).map(Diagnostic::format)
                .contains("Dockerfile: lint violation found for rules: JSONArgsRecommended, MaintainerDeprecated, StageNameCasing");
        LintReport warnings = Linter.check(PlannerTest.parse(text), PlanRequest.of(PlannerTest.AMD64));
        assertThat(warnings.findings()).hasSize(3).allMatch(d -> d.severity() == Diagnostic.Severity.WARNING);
        assertThat(warnings.violation()).isEmpty();
        assertThatThrownBy(() -> lint("# check=skip=all;fail=yes\n" + text))
                .hasMessage("Dockerfile: invalid check directive \"skip=all;fail=yes\": unknown key \"fail\" (expected skip, error or experimental)");
        assertThatThrownBy(() -> lint("# check=error=maybe\n" + text))
                .hasMessage("Dockerfile: invalid check directive \"error=maybe\": error must be true or false");
    }

    @Test
    void buildArgReplacesTheDirectiveWhole() {
        String text = "# check=skip=all\nFROM alpine AS Builder\nMAINTAINER me\n";
        PlanRequest request = PlanRequest.of(PlannerTest.AMD64)
                .withBuildArgs(BuildArgs.of(Map.of("BUILDKIT_DOCKERFILE_CHECK", "skip=MaintainerDeprecated;error=true")));
        LintReport report = Linter.check(PlannerTest.parse(text), request);
        assertThat(report.diagnostics()).extracting(Diagnostic::format)
                .containsExactly("Dockerfile:2: StageNameCasing: Stage name 'Builder' should be lowercase");
        assertThat(report.violation()).isPresent();
        assertThatThrownBy(() -> Linter.check(PlannerTest.parse(text), PlanRequest.of(PlannerTest.AMD64)
                .withBuildArgs(BuildArgs.of(Map.of("BUILDKIT_DOCKERFILE_CHECK", "skip")))))
                .hasMessageContaining("--build-arg BUILDKIT_DOCKERFILE_CHECK: invalid check directive \"skip\"");
    }

    @Test
    void copyIgnoredFileIsExperimentalAsInBuildKit() {
        String text = "FROM scratch\nCOPY Dockerfile .\nADD ./secrets/key.pem /windy\nCOPY --from=other Dockerfile /x\n"
                + "ADD https://example.com/Dockerfile /y\nCOPY app /app\n";
        Predicate<String> ignored = p -> p.equals("Dockerfile") || p.startsWith("secrets");
        Function<String, List<String>> lintWith = t -> Linter.check(PlannerTest.parse(t), PlanRequest.of(PlannerTest.AMD64),
                Linter.UNKNOWN_IMAGE_ENV, ignored).findings().stream()
                .filter(f -> f.rule() == LintRules.COPY_IGNORED_FILE).map(f -> f.diagnostic().format()).toList();
        assertThat(lintWith.apply(text)).isEmpty();
        List<String> expected = List.of(
                "Dockerfile:3: CopyIgnoredFile: Attempting to Copy file \"Dockerfile\" that is excluded by .dockerignore",
                "Dockerfile:4: CopyIgnoredFile: Attempting to Add file \"./secrets/key.pem\" that is excluded by .dockerignore");
        assertThat(lintWith.apply("# check=experimental=CopyIgnoredFile\n" + text)).containsExactlyElementsOf(expected);
        // skip=all does not touch an experimental rule that is asked for, as in BuildKit's Linter.Run
        assertThat(lintWith.apply("# check=skip=all;experimental=all\n" + text)).containsExactlyElementsOf(expected);
    }

    @Test
    void duplicateStageNameIsAWarning() {
        Dockerfile twice = PlannerTest.parse("FROM alpine AS a\nFROM alpine AS A\n");
        assertThat(Linter.check(twice, PlanRequest.of(PlannerTest.AMD64)).findings())
                .filteredOn(f -> f.rule() == LintRules.DUPLICATE_STAGE_NAME).extracting(f -> f.diagnostic().format())
                .containsExactly("Dockerfile:2: DuplicateStageName: Duplicate stage name \"a\", stage names should be unique");
    }

    @Test
    void knownImageEnvSilencesUndefinedVar() {
        Dockerfile df = PlannerTest.parse("# check=skip=ToolchainFinalStage\nFROM golang:1.22\nWORKDIR $GOPATH/src\n");
        assertThat(Linter.check(df, PlanRequest.of(PlannerTest.AMD64)).diagnostics()).extracting(Diagnostic::message)
                .containsExactly("UndefinedVar: Usage of undefined variable '$GOPATH' (did you mean $PATH?)");
        assertThat(Linter.check(df, PlanRequest.of(PlannerTest.AMD64),
                image -> image.equals("golang:1.22") ? Set.of("PATH", "GOPATH") : Set.of(), Linter.NOTHING_IGNORED)
                .findings()).isEmpty();
    }

    @Test
    void invalidBaseImagePlatformComparesOsAndArchitectureAsBuildKitDoes() {
        Dockerfile df = PlannerTest.parse("FROM busybox:1\n");
        var from = df.stages().getFirst().from().range();
        dev.stevedore.oci.Platform arm64 = dev.stevedore.oci.Platform.of("linux", "arm64");
        assertThat(Linter.baseImagePlatform(df, BuildArgs.NONE, "busybox:1", from, arm64, PlannerTest.AMD64)
                .diagnostics()).extracting(Diagnostic::format).containsExactly("Dockerfile:1: InvalidBaseImagePlatform:"
                        + " Base image busybox:1 was pulled with platform \"linux/amd64\", expected \"linux/arm64\" for"
                        + " current build");
        assertThat(Linter.baseImagePlatform(df, BuildArgs.NONE, "busybox:1", from, arm64,
                dev.stevedore.oci.Platform.of("linux", "arm64", "v8")).findings()).as("the variant is not compared")
                .isEmpty();
        Dockerfile skipped = PlannerTest.parse("# check=skip=InvalidBaseImagePlatform\nFROM busybox:1\n");
        assertThat(Linter.baseImagePlatform(skipped, BuildArgs.NONE, "busybox:1", from, arm64, PlannerTest.AMD64)
                .findings()).isEmpty();
        Dockerfile strict = PlannerTest.parse("# check=error=true\nFROM busybox:1\n");
        assertThat(Linter.baseImagePlatform(strict, BuildArgs.NONE, "busybox:1", from, arm64, PlannerTest.AMD64)
                .violation()).isPresent();
    }

    @Test
    void everyRuleIsDataWithItsDocumentation() {
        assertThat(LintRules.BUILDKIT).hasSize(21).allSatisfy(rule ->
                assertThat(rule.url()).startsWith("https://docs.docker.com/go/dockerfile/rule/").endsWith("/"));
        assertThat(LintRules.MULTI_STAGE).hasSize(4).allSatisfy(rule ->
                assertThat(rule.url()).isEqualTo(rule.docsPage()));
        assertThat(LintRules.ALL).hasSize(25).allSatisfy(rule -> {
            assertThat(rule.description()).isNotBlank().doesNotContain("\n");
            assertThat(rule.docsPage()).isEqualTo("docs/rules/" + rule.name() + ".md");
        });
        assertThat(LintRules.ALL).filteredOn(LintRule::experimental).containsExactly(LintRules.COPY_IGNORED_FILE);
        assertThat(LintRules.byName("undefinedvar")).contains(LintRules.UNDEFINED_VAR);
        assertThat(LintRules.UNDEFINED_VAR.url()).isEqualTo("https://docs.docker.com/go/dockerfile/rule/undefined-var/");
        assertThat(LintRules.ALL.stream().map(LintRule::name).distinct()).hasSize(25);
    }

    /** docs/rules/ holds one page per rule, and no page without a rule; each page names its rule and shows both examples. */
    @Test
    void everyRuleHasItsPageAndEveryPageARule() throws IOException {
        Path dir = Path.of("../docs/rules");
        Set<String> pages;
        try (Stream<Path> files = Files.list(dir)) {
            pages = files.map(f -> "docs/rules/" + f.getFileName()).collect(Collectors.toSet());
        }
        assertThat(pages).containsExactlyInAnyOrderElementsOf(LintRules.ALL.stream().map(LintRule::docsPage).toList());
        for (LintRule rule : LintRules.ALL) {
            String page = Files.readString(Path.of("..", rule.docsPage()));
            assertThat(page).as(rule.docsPage()).startsWith("# " + rule.name() + "\n").contains(rule.description())
                    .contains("## Bad").contains("## Good");
        }
    }

    static Stream<Arguments> documentedExamples() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (LintRule rule : LintRules.ALL) {
            // CopyIgnoredFile needs a context, InvalidBaseImagePlatform a resolved image: they have their own tests
            if (rule == LintRules.COPY_IGNORED_FILE || rule == LintRules.INVALID_BASE_IMAGE_PLATFORM) {
                continue;
            }
            String page = Files.readString(Path.of("..", rule.docsPage()));
            cases.add(Arguments.of(rule.name(), example(page, "Bad"), example(page, "Good")));
        }
        return cases.stream();
    }

    private static String example(String page, String heading) {
        Matcher m = Pattern.compile("## " + heading + "\n\n```dockerfile\n(.*?)```", Pattern.DOTALL)
                .matcher(page);
        assertThat(m.find()).as(heading + " example").isTrue();
        return m.group(1);
    }

    /** Each page's bad example makes its rule fire, its good example does not. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("documentedExamples")
    void documentedExamplesBehaveAsDocumented(String rule, String bad, String good) {
        assertThat(lint(bad, Set.of(rule))).as("bad example").isNotEmpty();
        assertThat(lint(good, Set.of(rule))).as("good example").isEmpty();
    }
}
