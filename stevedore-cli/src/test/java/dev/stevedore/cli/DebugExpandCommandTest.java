package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.cli.CliRun;
import dev.stevedore.testing.Conformance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code stevedore debug expand}: the word lexer, driven from outside through standard input. */
class DebugExpandCommandTest {

    private static CliRun expand(String stdin, String... options) {
        List<String> args = new ArrayList<>(List.of("debug", "expand"));
        args.addAll(List.of(options));
        return CliRun.run(stdin, args.toArray(String[]::new));
    }

    @Test
    void printsOneExpandedWordPerLine() {
        CliRun r = expand("$A\n${B:-x}\n'$A'\n\"$A  b\"\n", "--env", "A=1");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("1\nx\n$A\n1  b\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void wordsArePrintedAsAJsonArray() {
        CliRun r = expand("a $S \"b c\"\n\"\"\n'q\"uote' back\\\\slash\n", "--words", "--env", "S=x  y");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("[\"a\",\"x\",\"y\",\"b c\"]\n[]\n[\"q\\\"uote\",\"back\\\\slash\"]\n");
    }

    @Test
    void envMayBeGivenSeveralTimesAndValuesMayHoldEqualsOrBeEmpty() {
        CliRun r = expand("$A$B\n${E-unset}|${E:-empty}\n${A:+set}\n", "--env", "A=1", "--env", "B=x=y", "--env", "E=");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("1x=y\n|empty\nset\n");
    }

    @Test
    void aLaterEnvOverridesAnEarlierOne() {
        assertThat(expand("$A\n", "--env", "A=1", "--env", "A=2").out()).isEqualTo("2\n");
    }

    @Test
    void backtickEscape() {
        CliRun r = expand("a`$A\nC:\\dir\\$A\n\"`\"q`\"\"\n", "--escape=`", "--env", "A=1");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("a$A\nC:\\dir\\1\n\"q\"\n");
    }

    @Test
    void failingLinesPrintAnErrorAndTheRestGoesOn() {
        CliRun r = expand("${}\nok\n\"open\n${U:?must be set}\n");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("""
                error: failed to process "${}": syntax error: bad substitution
                ok
                error: failed to process "\\"open": unexpected end of statement while looking for matching double-quote
                error: failed to process "${U:?must be set}": U: must be set
                """);
        assertThat(r.err()).isEmpty();
    }

    @Test
    void linesAreUtf8AndTheLastNeedsNoNewline() {
        CliRun r = expand("한국어 $K\r\n\n🐳", "--env", "K=값");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("한국어 값\n\n🐳\n");
    }

    @Test
    void noInputNoOutput() {
        CliRun r = expand("");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badOptionsAreUsageErrors() {
        CliRun escape = expand("x\n", "--escape=ab");
        assertThat(escape.code()).isEqualTo(Cli.USAGE);
        assertThat(escape.err()).contains("Invalid value for option '--escape': 'ab': it must be one character, \\ or `");
        CliRun other = expand("x\n", "--escape=!");
        assertThat(other.code()).isEqualTo(Cli.USAGE);
        assertThat(other.err()).contains("Invalid value for option '--escape': '!': invalid escape character '!'");
        CliRun env = expand("x\n", "--env", "NOVALUE");
        assertThat(env.code()).isEqualTo(Cli.USAGE);
        assertThat(env.err()).contains("Invalid value for option '--env': 'NOVALUE' is not NAME=VALUE");
        assertThat(env.out()).isEmpty();
    }

    @Test
    void debugAloneListsItsCommands() {
        CliRun r = CliRun.run("", "debug");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: stevedore debug").contains("expand");
        assertThat(CliRun.run("", "--help").out()).contains("debug");
    }

    @Test
    void helpShowsTheSyntaxLiterally() {
        CliRun r = CliRun.run("", "debug", "expand", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: stevedore debug expand").contains("${VAR:-x}").contains("--escape=CHAR");
    }

    /** BuildKit's vectors once more, through the command line this time. */
    @Test
    void buildkitSingleWordVectors() throws IOException {
        List<String> inputs = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (String line : Files.readAllLines(Conformance.dir("word-expansion").resolve("single-word.txt"),
                StandardCharsets.UTF_8)) {
            String[] f = line.split("\\|", 3);
            if (line.isBlank() || line.startsWith("#") || f[0].trim().equals("W")) {
                continue;
            }
            inputs.add(f[1].trim());
            expected.add(f[2].trim());
        }
        CliRun r = expand(String.join("\n", inputs) + "\n",
                "--env", "PWD=/home", "--env", "SHELL=bash", "--env", "KOREAN=한국어", "--env", "NULL=");
        List<String> out = r.out().lines().toList();
        assertThat(out).hasSameSizeAs(inputs);
        for (int i = 0; i < inputs.size(); i++) {
            if (expected.get(i).equals("error")) {
                assertThat(out.get(i)).as(inputs.get(i)).startsWith("error: failed to process ");
            } else {
                assertThat(out.get(i)).as(inputs.get(i)).isEqualTo(expected.get(i));
            }
        }
    }
}
