package dev.stevedore.dockerfile.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.stevedore.diag.InvalidInputException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lexer's API, its limits, and that no input makes it slow or blow the stack. */
class ShellLexerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60); // a hang guard, not a speed test: exponential blow-up would take hours
    private static final int MEGABYTE = 1 << 20;

    private final ShellLexer lexer = ShellLexer.standard();

    @Test
    void onlyBackslashAndBacktickAreEscapeCharacters() {
        assertThat(new ShellLexer('`').escape()).isEqualTo('`');
        assertThat(ShellLexer.standard().escape()).isEqualTo('\\');
        assertThatThrownBy(() -> new ShellLexer('!'))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("invalid escape character '!': it must be \\ or `");
    }

    @Test
    void oneCallGivesTheWordTheWordsAndTheNames() {
        WordExpansion e = lexer.expandWordWithMatches("x $A${B:-$C}", Env.of("A", "1 2", "C", "3"));
        assertThat(e.value()).isEqualTo("x 1 23");
        assertThat(e.words()).containsExactly("x", "1", "23");
        assertThat(e.matched()).containsExactly("A", "C");
        assertThat(e.unmatched()).containsExactly("B");
        assertThatThrownBy(() -> e.matched().add("Z")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void expandWordKeepsWhitespaceAndExpandWordsSplits() {
        Env env = Env.of("V", " a  b ");
        assertThat(lexer.expandWord("[$V]", env)).isEqualTo("[ a  b ]");
        assertThat(lexer.expandWords("[$V]", env)).containsExactly("[", "a", "b", "]");
    }

    @Test
    void envKeepsOrderIsCaseSensitiveAndCopies() {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("b", "1");
        vars.put("a", "2");
        Env env = Env.of(vars);
        vars.put("c", "3");
        assertThat(env.asMap().keySet()).containsExactly("b", "a");
        assertThat(env.lookup("B")).isEmpty();
        assertThat(env.with("b", "9").with("d", "4").asMap()).containsExactly(
                Map.entry("b", "9"), Map.entry("a", "2"), Map.entry("d", "4"));
        assertThat(Env.empty().lookup("a")).isEmpty();
        assertThat(Env.of("E", "").lookup("E")).contains("");
        assertThatThrownBy(() -> Env.of("odd")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorMessagesQuoteTheTextLikeGoAndCutLongOnes() {
        assertThatThrownBy(() -> lexer.expandWord("a\tb\"${}", Env.empty()))
                .hasMessage("failed to process \"a\\tb\\\"${}\": syntax error: bad substitution");
        String longText = "x".repeat(10_000) + "${}";
        assertThatThrownBy(() -> lexer.expandWord(longText, Env.empty()))
                .hasMessage("failed to process \"" + "x".repeat(200) + "...\": syntax error: bad substitution");
    }

    @Test
    void expandedInstructionsFollowTheDockerfileReference() {
        assertThat(List.of("FROM", "copy", "Env", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "USER"))
                .allMatch(ExpandedInstructions::expands);
        assertThat(List.of("RUN", "CMD", "ENTRYPOINT", "SHELL", "HEALTHCHECK", "MAINTAINER"))
                .noneMatch(ExpandedInstructions::expands);
    }

    @Test
    void nestingUpToTheLimitWorks() {
        int depth = WordProcessor.MAX_NESTING;
        String word = "${U:-".repeat(depth) + "deep" + "}".repeat(depth);
        assertThat(lexer.expandWord(word, Env.empty())).isEqualTo("deep");
    }

    @Test
    void aMegabyteOfNestingFailsFastWithoutOverflowingTheStack() {
        String word = "${U:-".repeat(MEGABYTE / 5) + "x" + "}".repeat(MEGABYTE / 5);
        assertTimeoutPreemptively(DEADLINE, () -> assertThatThrownBy(() -> lexer.expandWord(word, Env.empty()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith(": ${...} nested more than 200 levels deep"));
    }

    @Test
    void aMegabyteOfUnclosedNestingFailsFast() {
        String word = "${U:-".repeat(MEGABYTE / 5);
        assertTimeoutPreemptively(DEADLINE, () -> assertThatThrownBy(() -> lexer.expandWord(word, Env.empty()))
                .isInstanceOf(InvalidInputException.class));
    }

    @Test
    void halfAMegabyteOfExpansionsExpandsInLinearTime() {
        int n = MEGABYTE / 2 / 10;
        String word = "${A}$A\"$A\"".repeat(n);
        assertTimeoutPreemptively(DEADLINE, () -> {
            assertThat(lexer.expandWord(word, Env.of("A", "ab")).length()).isEqualTo(n * 6);
            assertThat(lexer.expandWords(word.replace("\"", " "), Env.of("A", "ab")).size()).isEqualTo(n * 2);
        });
    }

    @Test
    void aLongPatternCannotBacktrackExponentially() {
        // as a backtracking regex, (.*a){2000}b against a's is hopeless; as an automaton it is 2000 x 20000 steps
        String pattern = "*a".repeat(2000) + "b";
        Env env = Env.of("V", "a".repeat(20_000));
        assertTimeoutPreemptively(DEADLINE, () -> {
            assertThat(lexer.expandWord("${V#" + pattern + "}", env)).hasSize(20_000);
            assertThat(lexer.expandWord("${V%%" + pattern + "}", env)).hasSize(20_000);
            assertThat(lexer.expandWord("${V//" + pattern + "/x}", env)).hasSize(20_000);
        });
    }

    @Test
    void aLongValueIsSearchedOnceNotOncePerStart() {
        Env env = Env.of("V", "a".repeat(MEGABYTE) + "b");
        assertTimeoutPreemptively(DEADLINE, () -> {
            assertThat(lexer.expandWord("${V/*a*a*a*b/x}", env)).isEqualTo("x");
            assertThat(lexer.expandWord("${V//a/}", env)).isEqualTo("b");
            assertThat(lexer.expandWord("${V%a*b}", env)).hasSize(MEGABYTE - 1);
            assertThat(lexer.expandWord("${V##*a}", env)).isEqualTo("b");
        });
    }

    @Test
    void expansionsThatMultiplyWithoutEndAreRefused() {
        String word = "${A//?/".repeat(20) + "xx" + "}".repeat(20);
        assertTimeoutPreemptively(DEADLINE, () -> assertThatThrownBy(() -> lexer.expandWord(word, Env.of("A", "abcdefgh")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith(": the expansion is longer than 16777216 characters"));
    }

    /** BuildKit names a RUN step with {@code RawQuotes} and {@code SkipUnsetEnv}: its shell expands the rest. */
    @Test
    void keepingQuotesAndUnsetVariablesExpandsOnlyWhatIsSet() {
        ShellLexer lexer = ShellLexer.standard().keepingQuotesAndUnsetVariables();
        Env env = Env.of(new LinkedHashMap<>(Map.of("A", "a")));
        assertThat(lexer.expandWord("echo \"$A\" '$A' $B ${B} ${B:-$A} ${A:-x} ${B/p/r} $((1+1)) \\$A", env))
                .isEqualTo("echo \"a\" '$A' $B ${B} ${B:-a} a ${B/p/r} $((1+1)) $A");
    }

}
