package dev.stevedore.dockerfile.shell;

import dev.stevedore.diag.InvalidInputException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.SequencedSet;

/**
 * Expands one text, left to right, in one pass: a port of BuildKit's {@code shellWord}
 * ({@code frontend/dockerfile/shell/lex.go}), quirks included, so that a Dockerfile means here
 * what it means to Docker. Used once and thrown away.
 *
 * <p>Errors are raised with BuildKit's bare reason ({@code syntax error: bad substitution});
 * {@link ShellLexer} adds the text they are about.
 */
final class WordProcessor {

    /** How deep {@code ${...}} may nest; far beyond real Dockerfiles, well within a thread's stack. */
    static final int MAX_NESTING = 200;

    /** The longest text an expansion may produce, so that nesting cannot multiply it without end. */
    static final int MAX_LENGTH = 1 << 24;

    private static final int EOF = -1;

    private final int[] cps;
    private final int escape;
    private final Env env;
    private final boolean rawQuotes;
    private final boolean topLevelRawEscapes;
    private final boolean keepUnset;
    private final SequencedSet<String> matched = new LinkedHashSet<>();
    private final SequencedSet<String> unmatched = new LinkedHashSet<>();
    private int pos;
    private int depth;
    private boolean rawEscapes;

    /**
     * @param rawQuotes  keep quote characters in the result (they still quote)
     * @param rawEscapes keep escape characters in the result (they still escape)
     * @param keepUnset  keep a reference to a variable that is not set as written
     *                   ({@code $X}, {@code ${X}}, {@code ${X:-word}} with its word expanded)
     */
    WordProcessor(String text, int escape, Env env, boolean rawQuotes, boolean rawEscapes, boolean keepUnset) {
        this.cps = text.codePoints().toArray();
        this.escape = escape;
        this.env = env;
        this.rawQuotes = rawQuotes;
        this.topLevelRawEscapes = rawEscapes;
        this.keepUnset = keepUnset;
    }

    /** Expands the whole text. */
    WordExpansion process() {
        ExpansionWords words = new ExpansionWords();
        String value = processStopOn(EOF, topLevelRawEscapes, words);
        return new WordExpansion(value, words.finish(), matched, unmatched);
    }

    /**
     * Reads up to {@code stop} (consumed) or the end of the text. {@code raw} keeps escape
     * characters in the result, for glob patterns, where they still mean something.
     * {@code words} (nullable) collects the words of the outermost text.
     */
    private String processStopOn(int stop, boolean raw, ExpansionWords words) {
        StringBuilder result = new StringBuilder();
        boolean saved = rawEscapes;
        rawEscapes = raw;
        try {
            while (peek() != EOF) {
                int ch = peek();
                if (stop != EOF && ch == stop) {
                    next();
                    return result.toString();
                }
                if (ch == '$' || ch == '\'' || ch == '"') {
                    String part = switch (ch) {
                        case '$' -> processDollar();
                        case '\'' -> processSingleQuote();
                        default -> processDoubleQuote();
                    };
                    append(result, part);
                    if (words != null && ch == '$') {
                        words.addString(part);
                    } else if (words != null) {
                        words.addRawString(part);
                    }
                    continue;
                }
                ch = next();
                if (ch == escape) {
                    if (rawEscapes) {
                        appendChar(result, ch, words, true);
                    }
                    ch = next();
                    if (ch == EOF) {
                        break; // an escape at the very end escapes nothing and vanishes
                    }
                    appendChar(result, ch, words, true);
                } else {
                    appendChar(result, ch, words, false);
                }
            }
            if (stop != EOF) {
                throw failure("unexpected end of statement while looking for matching " + Character.toString(stop));
            }
            return result.toString();
        } finally {
            rawEscapes = saved;
        }
    }

    /** Everything up to the next {@code '} as is: nothing escapes inside single quotes. */
    private String processSingleQuote() {
        StringBuilder result = new StringBuilder();
        keepQuote(result, next());
        while (true) {
            int ch = next();
            switch (ch) {
                case EOF -> throw failure("unexpected end of statement while looking for matching single-quote");
                case '\'' -> {
                    keepQuote(result, ch);
                    return result.toString();
                }
                default -> appendChar(result, ch, null, false);
            }
        }
    }

    /** Up to the next {@code "}, expanding {@code $}; the escape character escapes only {@code " $} and itself. */
    private String processDoubleQuote() {
        StringBuilder result = new StringBuilder();
        keepQuote(result, next());
        while (true) {
            switch (peek()) {
                case EOF -> throw failure("unexpected end of statement while looking for matching double-quote");
                case '"' -> {
                    keepQuote(result, next());
                    return result.toString();
                }
                case '$' -> append(result, processDollar());
                default -> {
                    int ch = next();
                    if (ch == escape) {
                        if (rawEscapes) {
                            appendChar(result, ch, null, false);
                        }
                        int following = peek();
                        if (following == EOF) {
                            continue; // the loop then reports the missing quote
                        }
                        if (following == '"' || following == '$' || following == escape) {
                            ch = next();
                        }
                    }
                    appendChar(result, ch, null, false);
                }
            }
        }
    }

    /** {@code $NAME}, {@code ${NAME}} or {@code ${NAME<op>word}}; a lone {@code $} stays. */
    private String processDollar() {
        next();
        if (peek() != '{') {
            String name = processName();
            return name.isEmpty() ? "$" : getEnv(name).orElse(keepUnset ? "$" + name : "");
        }
        next();
        switch (peek()) {
            case EOF -> throw missingBrace();
            case '{', '}', ':' -> throw failure("syntax error: bad substitution");
            default -> { }
        }
        if (++depth > MAX_NESTING) {
            throw failure("${...} nested more than " + MAX_NESTING + " levels deep");
        }
        try {
            String name = processName();
            int ch = next();
            return switch (ch) {
                case EOF -> throw missingBrace();
                case '}' -> getEnv(name).orElse(keepUnset ? "${" + name + "}" : "");
                case ':', '+', '-', '?', '#', '%' -> new Modifier(name, ch).apply();
                case '/' -> substitute(name);
                default -> throw unsupportedModifier(Character.toString(ch));
            };
        } finally {
            depth--;
        }
    }

    /** The operators that take one word: {@code - + ? # %}, with or without a leading {@code :}. */
    private final class Modifier {
        private final String name;
        private int op;
        private String spelled;
        private boolean nullIsUnset;

        Modifier(String name, int op) {
            this.name = name;
            this.op = op;
            this.spelled = Character.toString(op);
        }

        String apply() {
            if (op == ':') {
                nullIsUnset = true;
                op = next();
                if (op == EOF) {
                    throw missingBrace();
                }
                spelled += Character.toString(op);
            }
            boolean pattern = op == '#' || op == '%';
            if (nullIsUnset && pattern) {
                throw unsupportedModifier(spelled);
            }
            String word = wordUntil('}', pattern, WordProcessor.this::missingBrace);
            Optional<String> value = getEnv(name);
            if (value.isEmpty() && keepUnset) {
                return "${" + name + spelled + word + "}";
            }
            boolean unset = value.isEmpty() || (nullIsUnset && value.get().isEmpty());
            return switch (op) {
                case '-' -> unset ? word : value.get();
                case '+' -> unset ? "" : word;
                case '?' -> {
                    if (unset) {
                        String why = value.isEmpty() ? "is not allowed to be unset" : "is not allowed to be empty";
                        throw failure(name + ": " + (word.isEmpty() ? why : word));
                    }
                    yield value.get();
                }
                case '#', '%' -> trim(value.orElse(""), word);
                default -> throw unsupportedModifier(spelled);
            };
        }

        /** {@code #}/{@code %} remove the shortest matching prefix/suffix, {@code ##}/{@code %%} the longest. */
        private String trim(String value, String word) {
            boolean longest = !word.isEmpty() && word.charAt(0) == op;
            String pattern = longest ? word.substring(1) : word;
            int[] text = value.codePoints().toArray();
            Glob glob = Glob.compile(pattern);
            if (op == '#') {
                int end = glob.prefix(text, longest);
                return end < 0 ? value : new String(text, end, text.length - end);
            }
            int[] reversed = reverse(text);
            int end = glob.reversed().prefix(reversed, longest);
            return end < 0 ? value : new String(text, 0, text.length - end);
        }
    }

    /** {@code ${NAME/pattern/replacement}} (first match) and {@code ${NAME//pattern/replacement}} (all). */
    private String substitute(String name) {
        boolean all = peek() == '/';
        if (all) {
            next();
        }
        String pattern = wordUntil('/', true, () -> failure("syntax error: missing '/' in ${}"));
        String replacement = wordUntil('}', true, this::missingBrace);
        if (keepUnset && getEnv(name).isEmpty()) {
            return "${" + name + (all ? "//" : "/") + pattern + "/" + replacement + "}";
        }
        String value = getEnv(name).orElse("");
        return Substitution.replace(Glob.compile(pattern), value, replacement, all, MAX_LENGTH)
                .orElseThrow(() -> tooLong());
    }

    /** The word of an operator; running out of text while reading it is reported as {@code atEnd}. */
    private String wordUntil(int stop, boolean raw, java.util.function.Supplier<InvalidInputException> atEnd) {
        try {
            return processStopOn(stop, raw, null);
        } catch (InvalidInputException e) {
            if (peek() == EOF) {
                throw atEnd.get();
            }
            throw e;
        }
    }

    /** A name: letters, digits and {@code _}; or all digits (positional); or one special parameter. */
    private String processName() {
        StringBuilder name = new StringBuilder();
        while (peek() != EOF) {
            int ch = peek();
            if (name.isEmpty() && Character.isDigit(ch)) {
                while (peek() != EOF && Character.isDigit(peek())) {
                    name.appendCodePoint(next());
                }
                return name.toString();
            }
            if (name.isEmpty() && isSpecialParameter(ch)) {
                return Character.toString(next());
            }
            if (!Character.isLetter(ch) && !Character.isDigit(ch) && ch != '_') {
                break;
            }
            name.appendCodePoint(next());
        }
        return name.toString();
    }

    private static boolean isSpecialParameter(int ch) {
        return switch (ch) {
            case '@', '*', '#', '?', '-', '$', '!', '0' -> true;
            default -> false;
        };
    }

    private Optional<String> getEnv(String name) {
        Optional<String> value = env.lookup(name);
        if (!name.isEmpty()) {
            (value.isPresent() ? matched : unmatched).add(name);
        }
        return value;
    }

    private int peek() {
        return pos < cps.length ? cps[pos] : EOF;
    }

    private int next() {
        return pos < cps.length ? cps[pos++] : EOF;
    }

    private void append(StringBuilder result, String part) {
        if (result.length() + part.length() > MAX_LENGTH) {
            throw tooLong();
        }
        result.append(part);
    }

    private void appendChar(StringBuilder result, int cp, ExpansionWords words, boolean raw) {
        if (result.length() >= MAX_LENGTH) {
            throw tooLong();
        }
        result.appendCodePoint(cp);
        if (words != null && raw) {
            words.addRawChar(cp);
        } else if (words != null) {
            words.addChar(cp);
        }
    }

    private void keepQuote(StringBuilder result, int quote) {
        if (rawQuotes) {
            result.appendCodePoint(quote);
        }
    }

    private static int[] reverse(int[] text) {
        int[] out = new int[text.length];
        for (int i = 0; i < text.length; i++) {
            out[text.length - 1 - i] = text[i];
        }
        return out;
    }

    private InvalidInputException missingBrace() {
        return failure("syntax error: missing '}'");
    }

    private InvalidInputException unsupportedModifier(String spelled) {
        return failure("unsupported modifier (" + spelled + ") in substitution");
    }

    private InvalidInputException tooLong() {
        return failure("the expansion is longer than " + MAX_LENGTH + " characters");
    }

    private static InvalidInputException failure(String reason) {
        return new InvalidInputException(reason);
    }
}
