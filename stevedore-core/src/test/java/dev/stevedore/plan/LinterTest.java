package dev.stevedore.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.Diagnostic;
import dev.stevedore.dockerfile.Dockerfile;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.dockerfile.Stage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each build check firing, with BuildKit's wording, and not firing on the correct form. */
class LinterTest {

    static List<String> lint(String text) {
        return Linter.check(PlannerTest.parse(text), PlanRequest.of(PlannerTest.AMD64)).stream()
                .map(Diagnostic::format).toList();
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
                        List.of("Dockerfile:1: FromPlatformFlagConstDisallowed: FROM --platform flag should not use constant value \"linux/amd64\"")),
                Arguments.of("clean Dockerfile", """
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
                        ENTRYPOINT ["/app"]
                        """, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ruleFiresWithBuildKitsWording(String name, String text, List<String> expected) {
        assertThat(lint(text)).containsExactlyElementsOf(expected);
    }

    @Test
    void checkDirectiveSkipsRulesAndTurnsFindingsIntoErrors() {
        String text = "FROM alpine AS Builder\nMAINTAINER me\nCMD echo\n";
        assertThat(lint("# check=skip=StageNameCasing,jsonargsrecommended\n" + text))
                .containsExactly("Dockerfile:3: MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label");
        assertThat(lint("# check=skip=all\n" + text)).isEmpty();
        List<Diagnostic> errors = Linter.check(PlannerTest.parse("# check=error=true\n" + text), PlanRequest.of(PlannerTest.AMD64));
        assertThat(errors).hasSize(3).allMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
        assertThat(Linter.check(PlannerTest.parse(text), PlanRequest.of(PlannerTest.AMD64)))
                .allMatch(d -> d.severity() == Diagnostic.Severity.WARNING);
        assertThatThrownBy(() -> lint("# check=skip=all;fail=yes\n" + text))
                .hasMessage("Dockerfile: invalid check directive \"skip=all;fail=yes\": unknown key \"fail\" (expected skip, error or experimental)");
        assertThatThrownBy(() -> lint("# check=error=maybe\n" + text))
                .hasMessage("Dockerfile: invalid check directive \"error=maybe\": error must be true or false");
    }

    @Test
    void duplicateStageNameFiresOnHandMadeDockerfiles() {
        Dockerfile one = PlannerTest.parse("FROM alpine AS a\nFROM alpine AS b\n");
        Stage second = one.stages().get(1);
        Stage renamed = new Stage(1, new Instruction.From(second.from().range(), "FROM alpine AS a", "alpine",
                Optional.empty(), Optional.of("a")), List.of());
        Dockerfile twice = new Dockerfile("Dockerfile", one.directives(), List.of(), List.of(one.stages().get(0), renamed), List.of());
        assertThat(Linter.check(twice, PlanRequest.of(PlannerTest.AMD64))).extracting(Diagnostic::format)
                .containsExactly("Dockerfile:2: DuplicateStageName: Duplicate stage name \"a\", stage names should be unique");
    }

    @Test
    void knownImageEnvSilencesUndefinedVar() {
        Dockerfile df = PlannerTest.parse("FROM golang:1.22\nWORKDIR $GOPATH/src\n");
        assertThat(Linter.check(df, PlanRequest.of(PlannerTest.AMD64))).extracting(Diagnostic::message)
                .containsExactly("UndefinedVar: Usage of undefined variable '$GOPATH' (did you mean $PATH?)");
        assertThat(Linter.check(df, PlanRequest.of(PlannerTest.AMD64),
                image -> image.equals("golang:1.22") ? Set.of("PATH", "GOPATH") : Set.of())).isEmpty();
    }

    @Test
    void everyRuleIsDataWithItsDocumentation() {
        assertThat(LintRules.ALL).hasSize(16).allSatisfy(rule -> {
            assertThat(rule.url()).startsWith("https://docs.docker.com/go/dockerfile/rule/").endsWith("/");
            assertThat(rule.description()).isNotBlank();
        });
        assertThat(LintRules.byName("undefinedvar")).contains(LintRules.UNDEFINED_VAR);
        assertThat(LintRules.UNDEFINED_VAR.url()).isEqualTo("https://docs.docker.com/go/dockerfile/rule/undefined-var/");
        assertThat(LintRules.ALL.stream().map(LintRule::name).distinct()).hasSize(16);
        assertThat(Map.of()).isEmpty();
    }
}
