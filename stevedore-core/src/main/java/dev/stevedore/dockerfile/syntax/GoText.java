package dev.stevedore.dockerfile.syntax;

/**
 * The few Go string functions BuildKit's parser leans on, with Go's exact notion of white
 * space ({@code unicode.IsSpace}), so that splitting matches byte for byte.
 */
final class GoText {

    private GoText() {}

    /** Go's {@code unicode.IsSpace}: ASCII blanks, NEL, NBSP and Unicode's space separators. */
    static boolean isSpace(int cp) {
        return (cp >= '\t' && cp <= '\r') || cp == 0x85 || Character.isSpaceChar(cp);
    }

    /** The blanks of BuildKit's {@code reWhitespace}, {@code [\t\v\f\r ]}. */
    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** {@code strings.TrimLeftFunc(s, unicode.IsSpace)}. */
    static String trimLeft(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.codePointAt(i))) {
            i += Character.charCount(s.codePointAt(i));
        }
        return s.substring(i);
    }

    /** {@code strings.TrimSpace}. */
    static String trim(String s) {
        String left = trimLeft(s);
        int end = left.length();
        while (end > 0 && isSpace(left.codePointBefore(end))) {
            end -= Character.charCount(left.codePointBefore(end));
        }
        return left.substring(0, end);
    }

    /** {@code bytes.TrimRight(s, "\r\n")}: every trailing CR and LF. */
    static String trimNewline(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    /** {@code reWhitespace.Split(s, limit)} for {@code [\t\v\f\r ]+}; limit &lt; 0 means all. */
    static java.util.List<String> splitBlanks(String s, int limit) {
        var parts = new java.util.ArrayList<String>();
        int start = 0;
        int i = 0;
        while (i < s.length() && (limit < 0 || parts.size() < limit - 1)) {
            if (isBlank(s.charAt(i))) {
                int runEnd = i;
                while (runEnd < s.length() && isBlank(s.charAt(runEnd))) {
                    runEnd++;
                }
                parts.add(s.substring(start, i));
                start = runEnd;
                i = runEnd;
            } else {
                i++;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    /** {@code strconv.Quote}: Go's double-quoted form, printable runes kept as they are. */
    static String quote(String s) {
        var out = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(cp -> appendQuoted(out, cp));
        return out.append('"').toString();
    }

    private static void appendQuoted(StringBuilder out, int cp) {
        switch (cp) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case 0x07 -> out.append("\\a");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case 0x0B -> out.append("\\v");
            default -> {
                if (isPrint(cp)) {
                    out.appendCodePoint(cp);
                } else if (Character.isSurrogate((char) cp)) {
                    // A lone surrogate is invalid UTF-8 in Go, decoded as U+FFFD (printable).
                    out.append('\uFFFD');
                } else if (cp < ' ' || cp == 0x7F) {
                    out.append(String.format("\\x%02x", cp));
                } else if (cp < 0x10000) {
                    out.append(String.format("\\u%04x", cp));
                } else {
                    out.append(String.format("\\U%08x", cp));
                }
            }
        }
    }

    /** Go's {@code strconv.IsPrint}: letters, marks, numbers, punctuation, symbols and ' '. */
    static boolean isPrint(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                    Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                    Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                    Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION,
                    Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }
}
