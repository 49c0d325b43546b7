package dev.stevedore.dockerfile.shell;

/** Quotes text for an error message the way Go's {@code %q} does, so messages read like BuildKit's. */
final class GoQuote {

    private static final int MAX_SHOWN = 200;

    private GoQuote() {}

    /**
     * {@code text} in double quotes with {@code "}, {@code \} and control characters escaped;
     * very long texts are cut (with {@code ...}) so a message stays one readable sentence.
     */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        int shown = 0;
        for (int i = 0; i < text.length(); ) {
            if (shown++ == MAX_SHOWN) {
                out.append("...");
                break;
            }
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (Character.isISOControl(cp)) {
                        out.append(String.format("\\x%02x", cp));
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
