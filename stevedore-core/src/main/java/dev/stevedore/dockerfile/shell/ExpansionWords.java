package dev.stevedore.dockerfile.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the words of a text while it is expanded, as BuildKit's {@code wordsStruct} does:
 * unquoted whitespace (literal, or produced by an unquoted {@code $} expansion) ends a word;
 * quoted text and escaped characters never do. A word that stays empty is dropped, so
 * {@code ""} alone yields no word at all, as in BuildKit.
 */
final class ExpansionWords {

    private final List<String> words = new ArrayList<>();
    private final StringBuilder word = new StringBuilder();
    private boolean inWord;

    /** An unquoted character: whitespace may end the current word. */
    void addChar(int cp) {
        if (!Whitespace.isSpace(cp)) {
            addRawChar(cp);
        } else if (inWord && !word.isEmpty()) {
            flush();
        }
    }

    /** A character that belongs to the word whatever it is (escaped, quoted). */
    void addRawChar(int cp) {
        word.appendCodePoint(cp);
        inWord = true;
    }

    /** The value of an unquoted expansion: split on its whitespace too. */
    void addString(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            addChar(cp);
            i += Character.charCount(cp);
        }
    }

    /** Quoted text: part of the current word as a whole. */
    void addRawString(String s) {
        word.append(s);
        inWord = true;
    }

    /** The words, once the whole text is read. */
    List<String> finish() {
        if (!word.isEmpty()) {
            flush();
        }
        return List.copyOf(words);
    }

    private void flush() {
        words.add(word.toString());
        word.setLength(0);
        inWord = false;
    }
}
