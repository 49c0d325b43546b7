package dev.stevedore.dockerfile.shell;

import java.util.Optional;

/** The POSIX character classes of a bracket expression, {@code [[:digit:]]}, in Unicode terms. */
enum CharClass {
    ALNUM, ALPHA, BLANK, CNTRL, DIGIT, GRAPH, LOWER, PRINT, PUNCT, SPACE, UPPER, XDIGIT, WORD;

    /** The class named {@code name} as written between {@code [:} and {@code :]}. */
    static Optional<CharClass> named(String name) {
        for (CharClass c : values()) {
            if (c.name().toLowerCase(java.util.Locale.ROOT).equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    boolean test(int cp) {
        return switch (this) {
            case ALNUM -> Character.isLetterOrDigit(cp);
            case ALPHA -> Character.isLetter(cp);
            case BLANK -> cp == ' ' || cp == '\t';
            case CNTRL -> Character.isISOControl(cp);
            case DIGIT -> cp >= '0' && cp <= '9';
            case GRAPH -> isPrint(cp) && cp != ' ' && !Character.isWhitespace(cp);
            case LOWER -> Character.isLowerCase(cp);
            case PRINT -> isPrint(cp);
            case PUNCT -> isPrint(cp) && !Character.isLetterOrDigit(cp) && !Character.isWhitespace(cp)
                    && cp != ' ';
            case SPACE -> Whitespace.isSpace(cp);
            case UPPER -> Character.isUpperCase(cp);
            case XDIGIT -> (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'f') || (cp >= 'A' && cp <= 'F');
            case WORD -> Character.isLetterOrDigit(cp) || cp == '_';
        };
    }

    private static boolean isPrint(int cp) {
        return !Character.isISOControl(cp) && Character.isDefined(cp)
                && Character.getType(cp) != Character.SURROGATE;
    }
}
