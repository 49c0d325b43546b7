package dev.stevedore.dockerfile.shell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A shell glob as the {@code #}, {@code %} and {@code /} operators of {@code ${VAR...}} use it:
 * {@code *} (any run of characters), {@code ?} (one character), bracket expressions
 * {@code [a-z]}, {@code [!x]}, {@code [^x]}, {@code [[:digit:]]}, and {@code \} escaping the
 * next character. A {@code [} without its {@code ]} is a plain character, as in bash.
 *
 * <p>Matching simulates the pattern as an automaton, one step per character for every live
 * position in the pattern at once, so a match costs at most {@code O(text × pattern)} and no
 * pattern can make it backtrack exponentially (as a translation to a regex could).
 * Characters are Unicode code points.
 */
final class Glob {

    /** One element of a compiled pattern. */
    sealed interface Atom permits Star, AnyChar, Literal, Bracket {
        /** Whether this atom consumes {@code cp}; a star consumes anything. */
        boolean matches(int cp);
    }

    record Star() implements Atom {
        @Override
        public boolean matches(int cp) {
            return true;
        }
    }

    record AnyChar() implements Atom {
        @Override
        public boolean matches(int cp) {
            return true;
        }
    }

    record Literal(int cp) implements Atom {
        @Override
        public boolean matches(int c) {
            return c == cp;
        }
    }

    /** A bracket expression: code point ranges and character classes, maybe negated. */
    record Bracket(boolean negated, List<Range> ranges, List<CharClass> classes) implements Atom {
        @Override
        public boolean matches(int cp) {
            return contains(cp) != negated;
        }

        private boolean contains(int cp) {
            for (Range r : ranges) {
                if (r.lo() <= cp && cp <= r.hi()) {
                    return true;
                }
            }
            for (CharClass c : classes) {
                if (c.test(cp)) {
                    return true;
                }
            }
            return false;
        }
    }

    record Range(int lo, int hi) {}

    /** A match of a pattern in a text, in code point indexes, {@code end} exclusive. */
    record Match(int start, int end) {}

    private final List<Atom> atoms;

    private Glob(List<Atom> atoms) {
        this.atoms = List.copyOf(atoms);
    }

    /** Compiles {@code pattern}; every pattern is valid, the worst being all literal. */
    static Glob compile(String pattern) {
        return new Glob(GlobParser.parse(pattern));
    }

    List<Atom> atoms() {
        return atoms;
    }

    /** The same pattern read backwards, to match suffixes as prefixes of the reversed text. */
    Glob reversed() {
        List<Atom> copy = new ArrayList<>(atoms);
        Collections.reverse(copy);
        return new Glob(copy);
    }

    /**
     * The length of the shortest (or longest) prefix of {@code text} that the pattern matches,
     * or -1 when none does.
     */
    int prefix(int[] text, boolean longest) {
        Match m = search(text, 0, true, longest);
        return m == null ? -1 : m.end();
    }

    /** The leftmost match at or after {@code from}, the longest of those starting there; or null. */
    Match find(int[] text, int from) {
        return search(text, from, false, true);
    }

    /**
     * Runs the automaton. State {@code i} means "atoms before {@code i} are matched"; state
     * {@code atoms.size()} accepts. Each live state remembers the earliest start it came from,
     * which makes the leftmost match win.
     */
    private Match search(int[] text, int from, boolean anchored, boolean longest) {
        int accept = atoms.size();
        int[] cur = new int[accept + 1];
        int[] next = new int[accept + 1];
        Arrays.fill(cur, -1);
        Match best = null;
        for (int k = from; ; k++) {
            if (best == null && (!anchored || k == from)) {
                enter(cur, 0, k);
            }
            int start = cur[accept];
            if (start != -1 && (best == null || start < best.start() || (start == best.start() && longest))) {
                best = new Match(start, k);
                if (!longest) {
                    return best;
                }
            }
            if (k == text.length) {
                return best;
            }
            boolean live = step(cur, next, text[k], best);
            int[] swap = cur;
            cur = next;
            next = swap;
            if (!live && (anchored || best != null)) {
                return best;
            }
        }
    }

    /**
     * Moves every live state of {@code cur} over {@code cp} into {@code next}, dropping threads
     * that started after the best match so far. Returns whether any state is still live.
     */
    private boolean step(int[] cur, int[] next, int cp, Match best) {
        Arrays.fill(next, -1);
        boolean live = false;
        for (int i = 0; i < atoms.size(); i++) {
            int start = cur[i];
            if (start == -1 || (best != null && start > best.start())) {
                continue;
            }
            Atom atom = atoms.get(i);
            if (atom instanceof Star) {
                enter(next, i, start);
                live = true;
            } else if (atom.matches(cp)) {
                enter(next, i + 1, start);
                live = true;
            }
        }
        return live;
    }

    /** Makes state {@code i} live with {@code start}, and the states a star lets it skip to. */
    private void enter(int[] states, int i, int start) {
        for (int s = i; s <= atoms.size(); s++) {
            if (states[s] == -1 || start < states[s]) {
                states[s] = start;
            }
            if (s == atoms.size() || !(atoms.get(s) instanceof Star)) {
                return;
            }
        }
    }
}
