package dev.stevedore.dockerfile.shell;

/** What separates words: exactly Go's {@code unicode.IsSpace}, which BuildKit splits on. */
final class Whitespace {

    private Whitespace() {}

    static boolean isSpace(int cp) {
        return switch (cp) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F,
                 0x3000 -> true;
            default -> cp >= 0x2000 && cp <= 0x200A;
        };
    }
}
