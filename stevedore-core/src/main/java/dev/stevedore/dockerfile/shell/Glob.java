package dev.stevedore.dockerfile.shell;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A shell glob as the {@code #}, {@code %} and {@code /} operators of {@code ${VAR...}} use it:
 * {@code *} (any run of characters), {@code ?} (one character), bracket expressions
 * {@code [a-z]}, {@code [!x]}, {@code [^x]}, {@code [[:digit:]]}, and {@code \} escaping the
 * next character. A {@code [} without its {@code ]} is a plain character, as in bash.
 *
 * <p>Matching simulates the pattern as an automaton whose states (one per position in the
 * pattern) are bits of a {@code long[]}, all stepped at once with shifts and masks (Shift-And),
 * so a match costs at most {@code O(text × pattern / 64)} and no pattern can make it backtrack
 * exponentially (as a translation to a regex could).
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
    private final Atom[] atomArray;
    /** Bit {@code i} set when atom {@code i} is a star. */
    private final long[] starMask;
    /** Per code point: the bits of the non-star atoms that consume it. */
    private final Map<Integer, long[]> consumers = new HashMap<>();

    private Glob(List<Atom> atoms) {
        this.atoms = List.copyOf(atoms);
        this.atomArray = atoms.toArray(Atom[]::new);
        this.starMask = new long[words()];
        for (int i = 0; i < atomArray.length; i++) {
            if (atomArray[i] instanceof Star) {
                starMask[i >>> 6] |= 1L << i;
            }
        }
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
     * The length of the shortest (or longest) prefix of {@code text} that the pattern matches, or -1 when none does.
     */
    int prefix(int[] text, boolean longest) {
        return prefixEnd(text, 0, longest);
    }

    /** Where the shortest (or longest) match starting at {@code from} ends, or -1. */
    private int prefixEnd(int[] text, int from, boolean longest) {
        long[] cur = initial();
        int found = -1;
        for (int k = from; ; k++) {
            if (accepts(cur)) {
                found = k - from;
                if (!longest) {
                    return found;
                }
            }
            if (k == text.length || !step(cur, text[k])) {
                return found;
            }
        }
    }

    /** The leftmost match at or after {@code from}, the longest of those starting there; or null. */
    Match find(int[] text, int from) {
        return searcher(text).find(from);
    }

    /**
     * A searcher for the matches in {@code text}. It first learns, in one backward pass of the
     * reversed pattern, at which positions a match can start; each {@link Searcher#find} then
     * jumps to the next such position and takes the longest match there.
     */
    Searcher searcher(int[] text) {
        return new Searcher(text, reversed().matchStarts(text));
    }

    /** Leftmost-longest matches of this pattern in one text. */
    final class Searcher {
        private final int[] text;
        private final boolean[] starts;

        private Searcher(int[] text, boolean[] starts) {
            this.text = text;
            this.starts = starts;
        }

        /** The leftmost match at or after {@code from}, the longest of those starting there; or null. */
        Match find(int from) {
            for (int s = from; s <= text.length; s++) {
                if (starts[s]) {
                    return new Match(s, s + prefixEnd(text, s, true));
                }
            }
            return null;
        }
    }

    /**
     * Run on the reversed pattern: {@code starts[k]} tells whether some {@code text[k..e)} is
     * matched by the original pattern. The automaton reads the text backwards, with a new thread
     * entering at every position, so that no start position needs remembering.
     */
    private boolean[] matchStarts(int[] text) {
        boolean[] starts = new boolean[text.length + 1];
        long[] cur = new long[words()];
        long[] entry = initial();
        for (int k = text.length; ; k--) {
            for (int w = 0; w < cur.length; w++) {
                cur[w] |= entry[w];
            }
            starts[k] = accepts(cur);
            if (k == 0) {
                return starts;
            }
            step(cur, text[k - 1]);
        }
    }

    /** The bits of states 0..atoms (the last accepts), in 64-bit words. */
    private int words() {
        return (atomArray.length + 1 + 63) >>> 6;
    }

    private long[] initial() {
        long[] states = new long[words()];
        states[0] = 1L;
        closeOverStars(states);
        return states;
    }

    private boolean accepts(long[] states) {
        int a = atomArray.length;
        return (states[a >>> 6] & (1L << a)) != 0;
    }

    /**
     * Moves the states over {@code cp}, in place: a star stays where it is, an atom that
     * consumes {@code cp} moves on by one; then stars are skipped. Returns whether any state
     * is still live.
     */
    private boolean step(long[] states, int cp) {
        long[] consume = consumers.computeIfAbsent(cp, this::consumersOf);
        long carry = 0;
        boolean live = false;
        for (int w = 0; w < states.length; w++) {
            long moving = states[w] & consume[w];
            long next = (moving << 1) | carry | (states[w] & starMask[w]);
            carry = moving >>> 63;
            states[w] = next;
        }
        closeOverStars(states);
        for (long w : states) {
            live |= w != 0;
        }
        return live;
    }

    /** Adds, for every live star, the state after it (runs of stars were collapsed at compile time). */
    private void closeOverStars(long[] states) {
        long carry = 0;
        for (int w = 0; w < states.length; w++) {
            long stars = states[w] & starMask[w];
            long add = (stars << 1) | carry;
            carry = stars >>> 63;
            states[w] |= add;
        }
    }

    private long[] consumersOf(int cp) {
        long[] mask = new long[words()];
        for (int i = 0; i < atomArray.length; i++) {
            if (!(atomArray[i] instanceof Star) && atomArray[i].matches(cp)) {
                mask[i >>> 6] |= 1L << i;
            }
        }
        return mask;
    }
}
