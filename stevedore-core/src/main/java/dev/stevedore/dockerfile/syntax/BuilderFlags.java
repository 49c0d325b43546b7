package dev.stevedore.dockerfile.syntax;

import java.util.List;

/**
 * BuildKit's {@code extractBuilderFlags}: the leading words that start with {@code --}, with
 * quotes and backslash escapes removed; a bare {@code --} ends them and is dropped.
 */
final class BuilderFlags {

    private BuilderFlags() {}

    /** Adds the flags of {@code line} to {@code flags} and returns the text after them. */
    static String extract(String line, List<String> flags) {
        var word = new StringBuilder();
        boolean blankOk = false;
        int quote = 0;
        boolean inWord = false;
        int n = line.length();
        int pos = 0;
        while (pos < n) {
            char ch = line.charAt(pos);
            if (!inWord) {
                if (GoText.isSpace(ch)) {
                    pos++;
                    continue;
                }
                if (ch != '-' || pos + 1 == n || line.charAt(pos + 1) != '-') {
                    return line.substring(pos);
                }
                inWord = true;
            }
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else {
                    if (ch == '\\' && ++pos == n) {
                        break; // a backslash at the end is dropped
                    }
                    word.append(line.charAt(pos));
                }
                pos++;
                continue;
            }
            if (GoText.isSpace(ch)) {
                if (word.toString().equals("--")) {
                    return line.substring(pos);
                }
                if (blankOk || !word.isEmpty()) {
                    flags.add(word.toString());
                }
                word.setLength(0);
                blankOk = false;
                inWord = false;
                pos++;
                continue;
            }
            if (ch == '\'' || ch == '"') {
                quote = ch;
                blankOk = true;
                pos++;
                continue;
            }
            if (ch == '\\' && ++pos == n) {
                break;
            }
            word.append(line.charAt(pos));
            pos++;
        }
        if (inWord && !word.toString().equals("--") && (blankOk || !word.isEmpty())) {
            flags.add(word.toString());
        }
        return "";
    }
}
