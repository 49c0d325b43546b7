package dev.stevedore.context;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One compiled {@code .dockerignore} pattern, matched as moby/patternmatcher does: {@code *}
 * and {@code ?} never match {@code /}; {@code **} followed by {@code /} matches any number of
 * leading directories, zero included; {@code **} at the end matches anything; {@code [...]}
 * classes (negated with {@code ^}) and {@code \} escapes. Like moby, a pattern that is a plain
 * string, or a plain string after a leading {@code **} or before a trailing {@code **}, is
 * compared as a string (equal, suffix, prefix), which is what it means in those cases.
 *
 * <p>Wildcard patterns run as a small automaton over the path (no regex, no backtracking).
 */
final class PathPattern {

    /** How moby decides a match, chosen while compiling. */
    enum MatchType { EXACT, PREFIX, SUFFIX, AUTOMATON }

    /** One step of the automaton. */
    sealed interface Token permits Lit, AnyButSlash, StarButSlash, DirsEntry, DirsLoop, AnyTail, CharSet {}

    record Lit(int cp) implements Token {}

    /** {@code ?}. */
    record AnyButSlash() implements Token {}

    /** {@code *}. */
    record StarButSlash() implements Token {}

    /** {@code **}{@code /}: either skip ahead past the following {@link DirsLoop}, or enter it. */
    record DirsEntry() implements Token {}

    /** Inside {@code **}{@code /}: consumes anything, and may leave right after a {@code /}. */
    record DirsLoop() implements Token {}

    /** A trailing {@code **}: anything at all. */
    record AnyTail() implements Token {}

    record CharSet(boolean negated, List<int[]> ranges) implements Token {
        boolean matches(int cp) {
            boolean in = false;
            for (int[] r : ranges) {
                in |= r[0] <= cp && cp <= r[1];
            }
            return in != negated;
        }
    }

    private final String cleaned;
    private final MatchType type;
    private final List<Token> tokens;

    PathPattern(String cleaned) {
        this.cleaned = cleaned;
        Compiler c = new Compiler(cleaned);
        this.type = c.type;
        this.tokens = List.copyOf(c.tokens);
    }

    MatchType type() {
        return type;
    }

    /** Whether {@code path} (relative, {@code /}-separated) matches the whole pattern. */
    boolean matches(String path) {
        return switch (type) {
            case EXACT -> path.equals(cleaned);
            case PREFIX -> path.startsWith(cleaned.substring(0, cleaned.length() - 2));
            case SUFFIX -> {
                String suffix = cleaned.substring(2);
                yield path.endsWith(suffix) || (suffix.startsWith("/") && path.equals(suffix.substring(1)));
            }
            case AUTOMATON -> run(path.codePoints().toArray());
        };
    }

    private boolean run(int[] path) {
        int n = tokens.size();
        boolean[] cur = new boolean[n + 1];
        boolean[] next = new boolean[n + 1];
        int[] stack = new int[n + 2];
        enter(cur, 0, stack);
        for (int cp : path) {
            Arrays.fill(next, false);
            boolean live = false;
            for (int i = 0; i < n; i++) {
                if (cur[i]) {
                    live |= step(tokens.get(i), i, cp, next, stack);
                }
            }
            if (!live) {
                return false;
            }
            boolean[] swap = cur;
            cur = next;
            next = swap;
        }
        return cur[n];
    }

    /** Moves state {@code i} over {@code cp} into {@code next}; whether it went anywhere. */
    private boolean step(Token token, int i, int cp, boolean[] next, int[] stack) {
        return switch (token) {
            case Lit l -> l.cp() == cp && enter(next, i + 1, stack);
            case AnyButSlash a -> cp != '/' && enter(next, i + 1, stack);
            case StarButSlash s -> cp != '/' && enter(next, i, stack);
            case DirsLoop d -> enter(next, i, stack) | (cp == '/' && enter(next, i + 1, stack));
            case AnyTail t -> enter(next, i, stack);
            case CharSet c -> c.matches(cp) && enter(next, i + 1, stack);
            case DirsEntry e -> false; // never live after closure: it only forwards
        };
    }

    /**
     * Marks state {@code i} and everything reachable from it without consuming. Always true.
     * Iterative: a pattern of many stars must not exhaust the stack.
     */
    private boolean enter(boolean[] states, int i, int[] stack) {
        int top = 0;
        stack[top++] = i;
        while (top > 0) {
            int s = stack[--top];
            if (states[s]) {
                continue;
            }
            states[s] = true;
            if (s == tokens.size()) {
                continue;
            }
            switch (tokens.get(s)) {
                case StarButSlash t -> stack[top++] = s + 1;
                case AnyTail t -> stack[top++] = s + 1;
                case DirsEntry t -> {
                    stack[top++] = s + 1;
                    stack[top++] = s + 2;
                }
                default -> { }
            }
        }
        return true;
    }

    /** Turns the pattern into tokens, deciding the match type exactly as moby's {@code compile}. */
    private static final class Compiler {
        private final int[] p;
        private int pos;
        private MatchType type = MatchType.EXACT;
        private final List<Token> tokens = new ArrayList<>();

        Compiler(String pattern) {
            this.p = pattern.codePoints().toArray();
            for (int i = 0; pos < p.length; i++) {
                next(i);
            }
        }

        private int peek() {
            return pos < p.length ? p[pos] : -1;
        }

        private void next(int i) {
            int ch = p[pos++];
            switch (ch) {
                case '*' -> star(i);
                case '?' -> {
                    tokens.add(new AnyButSlash());
                    type = MatchType.AUTOMATON;
                }
                case '\\' -> {
                    // PatternSyntax guarantees something follows
                    tokens.add(new Lit(p[pos++]));
                    type = MatchType.AUTOMATON;
                }
                case '[' -> {
                    tokens.add(charSet());
                    type = MatchType.AUTOMATON;
                }
                default -> tokens.add(new Lit(ch));
            }
        }

        private void star(int i) {
            if (peek() != '*') {
                tokens.add(new StarButSlash());
                type = MatchType.AUTOMATON;
                return;
            }
            pos++;
            if (peek() == '/') {
                pos++;
            }
            if (peek() == -1) {
                tokens.add(new AnyTail());
                type = type == MatchType.EXACT ? MatchType.PREFIX : MatchType.AUTOMATON;
            } else {
                // (.*/)? twice in a row means what it means once, and costs the automaton less
                if (tokens.isEmpty() || !(tokens.getLast() instanceof DirsLoop)) {
                    tokens.add(new DirsEntry());
                    tokens.add(new DirsLoop());
                }
                type = MatchType.AUTOMATON;
            }
            if (i == 0) {
                type = MatchType.SUFFIX;
            }
        }

        /** A {@code [...]} that {@link PatternSyntax} has checked; the {@code [} is consumed. */
        private CharSet charSet() {
            boolean negated = peek() == '^';
            if (negated) {
                pos++;
            }
            List<int[]> ranges = new ArrayList<>();
            while (!(peek() == ']' && !ranges.isEmpty())) {
                int lo = member();
                int hi = lo;
                if (peek() == '-') {
                    pos++;
                    hi = member();
                }
                ranges.add(new int[] {lo, hi});
            }
            pos++;
            return new CharSet(negated, List.copyOf(ranges));
        }

        private int member() {
            if (p[pos] == '\\') {
                pos++;
            }
            return p[pos++];
        }
    }
}
