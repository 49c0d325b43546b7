package dev.stevedore.dockerfile.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * BuildKit's {@code parseWords}, used by ARG, ENV and LABEL: splits on white space outside
 * quotes and keeps quotes and escape characters in the words (only the typed layer gives
 * them meaning). An escape character at the very end of the text is dropped.
 */
final class KeyValueWords {

    private KeyValueWords() {}

    static List<String> split(String rest, char escape) {
        var words = new ArrayList<String>();
        var word = new StringBuilder();
        boolean inWord = false;
        boolean blankOk = false;
        int quote = 0;
        int n = rest.length();
        for (int pos = 0; pos < n; ) {
            int ch = rest.codePointAt(pos);
            int width = Character.charCount(ch);
            if (!inWord) {
                if (GoText.isSpace(ch)) {
                    pos += width;
                    continue;
                }
                inWord = true;
            }
            if (quote == 0) {
                if (GoText.isSpace(ch)) {
                    if (blankOk || !word.isEmpty()) {
                        words.add(word.toString());
                    }
                    word.setLength(0);
                    blankOk = false;
                    inWord = false;
                    pos += width;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                }
                if (ch == escape) {
                    if (pos + width == n) {
                        break; // an escape at the very end is dropped
                    }
                    // Unquoted, an escape and the character after it are both kept, quotes too.
                    word.appendCodePoint(ch);
                    pos += width;
                    ch = rest.codePointAt(pos);
                    width = Character.charCount(ch);
                }
                word.appendCodePoint(ch);
                pos += width;
                continue;
            }
            if (ch == quote) {
                quote = 0;
            } else if (ch == escape && quote != '\'') {
                if (pos + width == n) {
                    break;
                }
                word.appendCodePoint(ch);
                pos += width;
                ch = rest.codePointAt(pos);
                width = Character.charCount(ch);
            }
            word.appendCodePoint(ch);
            pos += width;
        }
        if (inWord && (blankOk || !word.isEmpty())) {
            words.add(word.toString());
        }
        return words;
    }
}
