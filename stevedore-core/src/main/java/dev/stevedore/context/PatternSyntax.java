package dev.stevedore.context;

/**
 * The syntax check Docker makes on every ignore pattern: Go's {@code filepath.Match} rules,
 * whose malformed patterns are errors. A bracket expression needs its {@code ]} and at least
 * one member; a member may not start with {@code -} or {@code ]}; {@code \} must escape
 * something.
 */
final class PatternSyntax {

    private PatternSyntax() {}

    /** Null when {@code pattern} is well formed, else why not (one clause). */
    static String problem(String pattern) {
        int[] p = pattern.codePoints().toArray();
        int i = 0;
        while (i < p.length) {
            switch (p[i]) {
                case '\\' -> {
                    if (i + 1 >= p.length) {
                        return "it ends with an escape character";
                    }
                    i += 2;
                }
                case '[' -> {
                    i = bracketEnd(p, i + 1);
                    if (i < 0) {
                        return "it has a malformed or unclosed [...] expression";
                    }
                }
                default -> i++;
            }
        }
        return null;
    }

    /** The index after the bracket expression whose body starts at {@code i}, or -1 when malformed. */
    private static int bracketEnd(int[] p, int i) {
        if (i < p.length && p[i] == '^') {
            i++;
        }
        int ranges = 0;
        while (true) {
            if (i < p.length && p[i] == ']' && ranges > 0) {
                return i + 1;
            }
            i = member(p, i);
            if (i < 0) {
                return -1;
            }
            if (p[i] == '-') {
                i = member(p, i + 1);
                if (i < 0) {
                    return -1;
                }
            }
            ranges++;
        }
    }

    /** Go's {@code getEsc}: one (maybe escaped) member character, which must not end the pattern. */
    private static int member(int[] p, int i) {
        if (i >= p.length || p[i] == '-' || p[i] == ']') {
            return -1;
        }
        if (p[i] == '\\') {
            i++;
            if (i >= p.length) {
                return -1;
            }
        }
        i++;
        return i >= p.length ? -1 : i;
    }
}
