package dev.stevedore.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.SourceRange;
import dev.stevedore.dockerfile.syntax.Directives;
import dev.stevedore.dockerfile.syntax.Node;
import dev.stevedore.dockerfile.syntax.SyntaxTree;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The typed layer's API and its small parsers, beyond what the golden files show. */
class TypedLayerTest {

    private static Node node(int line, String keyword, List<String> flags, String... args) {
        return new Node(keyword, flags, List.of(args), false, Optional.empty(), List.of(),
                keyword.toUpperCase() + " " + String.join(" ", args), SourceRange.line(line));
    }

    @Test
    void stagesGetIndexesNamesAndTheirInstructions() {
        Dockerfile d = DockerfileParser.parse("Dockerfile", """
                ARG V=1
                FROM golang:$V AS Build
                RUN go build
                FROM alpine
                COPY --from=build /app /app
                CMD ["/app"]
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(d.metaArgs()).singleElement().extracting(a -> a.args().getFirst())
                .isEqualTo(new ArgDecl("V", Optional.of("1")));
        assertThat(d.stages()).extracting(Stage::index, Stage::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, Optional.of("build")),
                        org.assertj.core.groups.Tuple.tuple(1, Optional.empty()));
        assertThat(d.stages().get(1).instructions()).hasSize(2)
                .first().isInstanceOfSatisfying(Instruction.Copy.class, c -> {
                    assertThat(c.from()).contains("build");
                    assertThat(c.sources()).containsExactly(new CopySource.Path("/app"));
                    assertThat(c.range()).isEqualTo(SourceRange.line(5));
                });
        assertThat(d.stages().get(1).instructions().get(1))
                .isEqualTo(new Instruction.Cmd(SourceRange.line(6), "CMD [\"/app\"]",
                        new CommandLine.ExecForm(List.of("/app"))));
    }

    @Test
    void nodesBuiltByHandAreTyped() {
        SyntaxTree tree = new SyntaxTree("f", Directives.DEFAULT, List.of(
                node(1, "from", List.of("--platform=linux/arm64"), "alpine"),
                node(2, "run", List.of("--mount=type=tmpfs,target=/t,size=1k", "--network=NONE"), "make")), List.of());
        Instruction.Run run = (Instruction.Run) DockerfileParser.parse(tree).stages().getFirst().instructions().getFirst();
        assertThat(run.mounts()).containsExactly(new Mount.Tmpfs("/t", java.util.OptionalLong.of(1024)));
        assertThat(run.network()).isEqualTo(Instruction.Network.NONE);
        assertThat(run.command()).isEqualTo(new CommandLine.ShellForm("make"));
        assertThat(run.keyword()).isEqualTo("RUN");
    }

    @Test
    void errorsCarryADiagnosticWithTheInstructionsLines() {
        SyntaxTree tree = new SyntaxTree("sub/Dockerfile", Directives.DEFAULT, List.of(
                node(1, "from", List.of(), "alpine"),
                new Node("user", List.of(), List.of(), false, Optional.empty(), List.of(), "USER", new SourceRange(4, 6))),
                List.of());
        assertThatThrownBy(() -> DockerfileParser.parse(tree))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("sub/Dockerfile:4: USER requires exactly one argument")
                .satisfies(e -> assertThat(((InvalidInputException) e).diagnostic().orElseThrow().range())
                        .isEqualTo(new SourceRange(4, 6)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            30s      | PT30S
            1m30s    | PT1M30S
            1.5h     | PT1H30M
            500ms    | PT0.5S
            10us     | PT0.00001S
            10µs     | PT0.00001S
            7ns      | PT0.000000007S
            0        | PT0S
            +2h      | PT2H
            -1s      | PT-1S
            .5s      | PT0.5S
            1h2m3s4ms| PT1H2M3.004S
            """)
    void goDurations(String text, String iso) {
        assertThat(GoDuration.parse("--interval", text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            30
            ''
            s
            1x
            1.2.3s
            1m30
            -
            """)
    void badGoDurations(String text) {
        assertThatThrownBy(() -> GoDuration.parse("--timeout", text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("--timeout=" + text + ": invalid duration");
    }

    @Test
    void csvFieldsAsGoReadsThem() {
        assertThat(CsvFields.split("a,b,c")).containsExactly("a", "b", "c");
        assertThat(CsvFields.split("\"a,b\",c")).containsExactly("a,b", "c");
        assertThat(CsvFields.split("\"say \"\"hi\"\"\",x")).containsExactly("say \"hi\"", "x");
        assertThat(CsvFields.split("a,,b")).containsExactly("a", "", "b");
        assertThatThrownBy(() -> CsvFields.split("\"open,x")).hasMessageStartingWith("extraneous or missing \"");
        assertThatThrownBy(() -> CsvFields.split("\"a\"b")).hasMessageStartingWith("extraneous or missing \"");
    }

    @Test
    void suggestionsOnlyForCloseWords() {
        assertThat(Suggestions.closest("form", List.of("from", "chown"))).contains("from");
        assertThat(Suggestions.closest("RUNN", InstructionParser.KEYWORDS)).contains("RUN");
        assertThat(Suggestions.closest("xyz", InstructionParser.KEYWORDS)).isEmpty();
        assertThat(Suggestions.closest("ab", List.of("cd"))).isEmpty();
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    }
}
