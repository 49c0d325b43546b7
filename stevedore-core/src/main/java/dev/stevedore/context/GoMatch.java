package dev.stevedore.context;

/**
 * Go's {@code filepath.Match} for one path component, which COPY and ADD sources use per
 * component: {@code *} is any run of characters, {@code ?} any one, {@code [...]} a class
 * ({@code [^...]} negated, {@code a-z} ranges), {@code \} escapes the next character. A leading
 * dot is an ordinary character, so {@code *} matches hidden files; {@code **} is just two stars.
 * Patterns must have passed {@link PatternSyntax#problem}.
 */
final class GoMatch {

    private GoMatch() {}

    /** Whether the pattern contains a wildcard: {@code *}, {@code ?} or {@code [} not escaped. */
    static boolean hasWildcard(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }

    /** The pattern with its escapes removed: the name it denotes when it has no wildcard. */
    static String unescape(String pattern) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                c = pattern.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * Whether {@code name} matches {@code pattern} entirely. Greedy with one backtrack point
     * (the last star), which is exact for this dialect and linear in practice.
     */
    static boolean matches(String pattern, String name) {
        int[] p = pattern.codePoints().toArray();
        int[] n = name.codePoints().toArray();
        int pi = 0;
        int ni = 0;
        int starP = -1;
        int starN = 0;
        while (ni < n.length) {
            int next = pi < p.length ? matchOne(p, pi, n[ni]) : -1;
            if (pi < p.length && p[pi] == '*') {
                starP = ++pi;
                starN = ni;
            } else if (next >= 0) {
                pi = next;
                ni++;
            } else if (starP >= 0) {
                pi = starP;
                ni = ++starN;
            } else {
                return false;
            }
        }
        while (pi < p.length && p[pi] == '*') {
            pi++;
        }
        return pi == p.length;
    }

    /** The pattern index after matching {@code c} at {@code pi}, or -1; never called on a star. */
    private static int matchOne(int[] p, int pi, int c) {
        return switch (p[pi]) {
            case '*' -> -1;
            case '?' -> pi + 1;
            case '[' -> matchClass(p, pi + 1, c);
            case '\\' -> p[pi + 1] == c ? pi + 2 : -1;
            default -> p[pi] == c ? pi + 1 : -1;
        };
    }

    private static int matchClass(int[] p, int i, int c) {
        boolean negated = p[i] == '^';
        if (negated) {
            i++;
        }
        boolean in = false;
        boolean first = true;
        while (first || p[i] != ']') {
            first = false;
            int lo = p[i] == '\\' ? p[++i] : p[i];
            i++;
            int hi = lo;
            if (p[i] == '-') {
                i++;
                hi = p[i] == '\\' ? p[++i] : p[i];
                i++;
            }
            in |= lo <= c && c <= hi;
        }
        return in != negated ? i + 1 : -1;
    }
}
