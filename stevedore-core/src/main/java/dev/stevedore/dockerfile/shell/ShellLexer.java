package dev.stevedore.dockerfile.shell;

import dev.stevedore.diag.InvalidInputException;
import java.util.List;
import java.util.Objects;

/**
 * Expands variables in Dockerfile words as BuildKit's {@code shell.Lex} does: {@code $VAR},
 * {@code ${VAR}}, {@code ${VAR:-word}}, {@code ${VAR-word}}, {@code ${VAR:+word}},
 * {@code ${VAR+word}}, {@code ${VAR:?message}}, {@code ${VAR?message}}, {@code ${VAR#glob}},
 * {@code ${VAR##glob}}, {@code ${VAR%glob}}, {@code ${VAR%%glob}}, {@code ${VAR/glob/text}} and
 * {@code ${VAR//glob/text}}; single quotes (nothing expands or escapes inside), double quotes
 * (variables expand; the escape character escapes only {@code "}, {@code $} and itself) and the
 * escape character outside quotes. Unset variables expand to the empty string.
 *
 * <p>Which parts of which instructions are expanded is the caller's business (the Dockerfile
 * reference: not RUN, CMD or ENTRYPOINT, whose shell does it); see {@link ExpandedInstructions}.
 *
 * <p>Every malformed text fails with an {@link InvalidInputException} naming the text and
 * BuildKit's reason, e.g. {@code failed to process "${}": syntax error: bad substitution}.
 * Immutable and thread-safe.
 */
public final class ShellLexer {

    private final char escape;
    private final boolean raw;
    private final boolean keepUnset;

    /**
     * A lexer for the Dockerfile's escape character: {@code \} (the default) or {@code `} (set by
     * the {@code # escape=`} directive).
     *
     * @throws InvalidInputException for any other character
     */
    public ShellLexer(char escape) {
        if (escape != '\\' && escape != '`') {
            throw new InvalidInputException("invalid escape character '" + escape + "': it must be \\ or `");
        }
        this.escape = escape;
        this.raw = false;
        this.keepUnset = false;
    }

    private ShellLexer(char escape, boolean raw, boolean keepUnset) {
        this.escape = escape;
        this.raw = raw;
        this.keepUnset = keepUnset;
    }

    /** The lexer for the default escape character, {@code \}. */
    public static ShellLexer standard() {
        return new ShellLexer('\\');
    }

    public char escape() {
        return escape;
    }

    /**
     * This lexer, but keeping quotes and escape characters in the result while still honouring
     * them (BuildKit's {@code RawQuotes} and {@code RawEscapes}): only variables are replaced.
     * BuildKit expands heredoc bodies this way, so that {@code "$A"} in a heredoc stays quoted.
     */
    public ShellLexer keepingQuotesAndEscapes() {
        return new ShellLexer(escape, true, false);
    }

    /**
     * This lexer, but keeping quotes in the result and every reference to a variable that is not
     * set as written (BuildKit's {@code RawQuotes} and {@code SkipUnsetEnv}): how BuildKit names a
     * RUN step in progress, whose shell expands what the build does not know.
     */
    public ShellLexer keepingQuotesAndUnsetVariables() {
        return new ShellLexer(escape, false, true);
    }

    /**
     * {@code word} as one word: quotes and escapes removed, variables expanded, whitespace kept
     * (BuildKit's {@code ProcessWord}).
     */
    public String expandWord(String word, Env env) {
        return expandWordWithMatches(word, env).value();
    }

    /**
     * {@code text} split into words on unquoted whitespace, including whitespace that an unquoted
     * expansion produced, after expanding it (BuildKit's {@code ProcessWords}). Words that end up
     * empty are dropped.
     */
    public List<String> expandWords(String text, Env env) {
        return expandWordWithMatches(text, env).words();
    }

    /** Expands {@code word} and also reports which variables it referenced, set or not. */
    public WordExpansion expandWordWithMatches(String word, Env env) {
        Objects.requireNonNull(word, "word");
        Objects.requireNonNull(env, "env");
        try {
            return new WordProcessor(word, escape, env, raw || keepUnset, raw, keepUnset).process();
        } catch (InvalidInputException e) {
            throw new InvalidInputException("failed to process " + GoQuote.quote(word) + ": " + e.getMessage());
        }
    }
}
