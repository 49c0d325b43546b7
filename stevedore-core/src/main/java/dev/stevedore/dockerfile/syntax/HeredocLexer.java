package dev.stevedore.dockerfile.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * The slice of BuildKit's shell lexer ({@code ProcessWords} with escape {@code \}, no
 * environment, unset variables kept as written) that heredoc detection needs: split into
 * words on white space outside quotes, removing quotes and escapes unless asked to keep them.
 * The full lexer with variable expansion lives in {@code dockerfile.shell}; here a {@code $}
 * reference is only kept verbatim.
 */
final class HeredocLexer {

    private final String text;
    private final boolean rawQuotes;
    private final boolean rawEscapes;
    private final List<String> words = new ArrayList<>();
    private final StringBuilder word = new StringBuilder();
    private boolean inWord;
    private int pos;

    private HeredocLexer(String text, boolean rawQuotes, boolean rawEscapes) {
        this.text = text;
        this.rawQuotes = rawQuotes;
        this.rawEscapes = rawEscapes;
    }

    /**
     * The words of {@code text}.
     *
     * @throws SyntaxProblem on an unterminated quote or {@code ${}
     */
    static List<String> words(String text, boolean rawQuotes, boolean rawEscapes) {
        return new HeredocLexer(text, rawQuotes, rawEscapes).run();
    }

    private List<String> run() {
        while (pos < text.length()) {
            char ch = text.charAt(pos);
            switch (ch) {
                case '\'' -> addRaw(singleQuoted());
                case '"' -> addRaw(doubleQuoted());
                case '$' -> addRaw(dollar());
                default -> {
                    pos++;
                    if (ch != '\\') {
                        addChar(ch);
                    } else {
                        if (rawEscapes) {
                            addRaw("\\");
                        }
                        if (pos == text.length()) {
                            break; // an escape at the end of the word is dropped
                        }
                        addRaw(String.valueOf(text.charAt(pos++)));
                    }
                }
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }

    private void addChar(char ch) {
        if (!GoText.isSpace(ch)) {
            addRaw(String.valueOf(ch));
        } else if (inWord && !word.isEmpty()) {
            words.add(word.toString());
            word.setLength(0);
            inWord = false;
        }
    }

    private void addRaw(String s) {
        word.append(s);
        inWord = true;
    }

    private String singleQuoted() {
        int end = text.indexOf('\'', pos + 1);
        if (end < 0) {
            throw new SyntaxProblem("unexpected end of statement while looking for matching single-quote");
        }
        String body = text.substring(pos + 1, end);
        pos = end + 1;
        return rawQuotes ? "'" + body + "'" : body;
    }

    private String doubleQuoted() {
        var out = new StringBuilder();
        if (rawQuotes) {
            out.append('"');
        }
        pos++;
        while (true) {
            if (pos >= text.length()) {
                throw new SyntaxProblem("unexpected end of statement while looking for matching double-quote");
            }
            char ch = text.charAt(pos);
            if (ch == '"') {
                pos++;
                if (rawQuotes) {
                    out.append('"');
                }
                return out.toString();
            }
            if (ch == '$') {
                out.append(dollar());
                continue;
            }
            pos++;
            if (ch == '\\') {
                if (rawEscapes) {
                    out.append('\\');
                }
                if (pos < text.length() && "\"$\\".indexOf(text.charAt(pos)) >= 0) {
                    ch = text.charAt(pos++);
                } else if (pos >= text.length()) {
                    continue; // reported as the missing quote above
                }
            }
            out.append(ch);
        }
    }

    /** A variable reference, kept as written: nothing is set while looking for heredocs. */
    private String dollar() {
        int start = pos++;
        if (pos >= text.length() || text.charAt(pos) != '{') {
            return "$";
        }
        int close = text.indexOf('}', pos);
        if (close < 0) {
            throw new SyntaxProblem("syntax error: missing '}' in " + text.substring(start));
        }
        if (close == pos + 1 || text.charAt(pos + 1) == ':' || text.charAt(pos + 1) == '{') {
            throw new SyntaxProblem("syntax error: bad substitution in " + text.substring(start, close + 1));
        }
        pos = close + 1;
        return text.substring(start, pos);
    }
}
