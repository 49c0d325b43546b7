package dev.stevedore.dockerfile.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.SourceRange;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The parts of the tree the dump does not show: directives, ranges, JSON flags, heredocs. */
class DockerfileSyntaxTest {

    private static SyntaxTree parse(String text) {
        return DockerfileSyntax.parse("Dockerfile", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void directivesAreReadCaseInsensitivelyAndTrimmed() {
        SyntaxTree tree = parse("# Syntax = docker/dockerfile:1.7 \n#check=skip=all;error=true\n#ESCAPE=`\nFROM a\n");
        assertThat(tree.directives()).isEqualTo(
                new Directives(Optional.of(new Directives.Syntax("docker/dockerfile:1.7", SourceRange.line(1))), '`',
                        Optional.of("skip=all;error=true")));
        assertThat(tree.warnings()).isEmpty();
        assertThat(parse("FROM a\n").directives()).isEqualTo(Directives.DEFAULT);
    }

    @Test
    void rangesCoverContinuationsAndHeredocBodies() {
        SyntaxTree tree = parse("FROM a\n\nRUN x \\\n  y\nCOPY <<A <<B /d\n1\nA\n2\nB\nCMD z\n");
        assertThat(tree.nodes()).extracting(Node::range).containsExactly(
                SourceRange.line(1), new SourceRange(3, 4), new SourceRange(5, 9), SourceRange.line(10));
        assertThat(tree.nodes().get(1).original()).isEqualTo("RUN x   y");
    }

    /** BuildKit's rule: {@code ([^E])E[ \t]*$|^E[ \t]*$} for the escape E. */
    @Test
    void aLineEndsInAContinuationOnlyWhenItsLastEscapeIsNotEscaped() {
        List<Node> nodes = parse("FROM a\nRUN echo x\\\\\nRUN echo y \\ \t\n  z\nRUN echo w\\\\\\\nRUN q\n"
                + "RUN \\\n\\\n  v\n").nodes();
        assertThat(nodes).extracting(Node::original).containsExactly("FROM a",
                "RUN echo x\\\\", // an escaped escape: not a continuation
                "RUN echo y   z",
                "RUN echo w\\\\\\", // three: still not (BuildKit's regular expression sees the escape before the last)
                "RUN q",
                "RUN   v"); // a line that is only the escape continues
        List<Node> backtick = parse("# escape=`\nFROM a\nRUN echo x``\nRUN echo y `\nz\n").nodes();
        assertThat(backtick).extracting(Node::original).containsExactly("FROM a", "RUN echo x``", "RUN echo y z");
    }

    @Test
    void jsonFormIsFlaggedAndShellFormIsNot() {
        List<Node> nodes = parse("FROM a\nCMD [\"a\"]\nCMD a\nHEALTHCHECK CMD [\"b\"]\nCOPY [\"x\", \"y\"]\nCOPY x y\n").nodes();
        assertThat(nodes).extracting(Node::json).containsExactly(false, true, false, true, true, false);
    }

    @Test
    void heredocBodiesAreRawAndAttachedInMarkerOrder() {
        Node copy = parse("FROM a\nCOPY <<-one 2<<\"t\"wo /d\n\tx $A\n\tone\ny\ntwo\n").nodes().get(1);
        assertThat(copy.heredocs()).containsExactly(
                new Heredoc("one", "\tx $A\n", true, true, 0),
                new Heredoc("two", "y\n", false, false, 2));
        assertThat(copy.args()).containsExactly("<<-one", "2<<\"t\"wo", "/d");
    }

    @Test
    void heredocBodiesKeepCrlfAndTheLastLineWithoutNewline() {
        Node run = parse("FROM a\r\nRUN <<EOF\r\nx\r\nEOF").nodes().get(1);
        assertThat(run.heredocs()).containsExactly(new Heredoc("EOF", "x\r\n", true, false, 0));
    }

    @Test
    void onbuildHeredocsSitOnOnbuildAndOnItsInstruction() {
        Node onbuild = parse("FROM a\nONBUILD RUN <<EOF\nbody\nEOF\n").nodes().get(1);
        Heredoc doc = new Heredoc("EOF", "body\n", true, false, 0);
        assertThat(onbuild.heredocs()).containsExactly(doc);
        assertThat(onbuild.nested()).get().satisfies(run -> {
            assertThat(run.keyword()).isEqualTo("run");
            assertThat(run.original()).isEqualTo("RUN <<EOF");
            assertThat(run.heredocs()).containsExactly(doc);
        });
    }

    @Test
    void onlyRunCopyAndAddTakeHeredocs() {
        List<Node> nodes = parse("FROM a\nUSER <<X\nX\nENTRYPOINT <<Y\nY\n").nodes();
        assertThat(nodes).extracting(Node::keyword).containsExactly("from", "user", "x", "entrypoint", "y");
        assertThat(nodes).allSatisfy(n -> assertThat(n.heredocs()).isEmpty());
    }

    @Test
    void errorsCarryADiagnosticWithFileAndLines() {
        assertThatThrownBy(() -> DockerfileSyntax.parse("sub/Dockerfile.dev",
                "FROM a\nRUN [1] \\\n \\\n\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.diagnostic()).get()
                        .isEqualTo(Diagnostic.error("sub/Dockerfile.dev", new SourceRange(2, 4),
                                JsonArgs.NOT_STRING_ARRAY + ": [1]")));
    }

    @Test
    void aDirectiveAfterTheTopIsAWarningNotAnError() {
        SyntaxTree tree = parse("FROM a\n# escape=x\n# escape=`\nRUN b\n");
        assertThat(tree.directives()).isEqualTo(Directives.DEFAULT);
        assertThat(tree.warnings()).extracting(Diagnostic::severity).containsOnly(Diagnostic.Severity.WARNING);
        assertThat(tree.warnings()).extracting(d -> d.range().startLine()).containsExactly(2, 3);
    }

    @Test
    void utf8IsDecodedAndNonAsciiKept() {
        Node label = parse("FROM a\nLABEL clé=\"valeur été\"\n").nodes().get(1);
        assertThat(label.args()).containsExactly("clé", "\"valeur été\"", "=");
        assertThat(DumpPrinter.print(label)).isEqualTo("label \"clé\" \"\\\"valeur été\\\"\" \"=\"");
    }
}
