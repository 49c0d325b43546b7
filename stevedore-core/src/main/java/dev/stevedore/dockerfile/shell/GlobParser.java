package dev.stevedore.dockerfile.shell;

import dev.stevedore.dockerfile.shell.Glob.AnyChar;
import dev.stevedore.dockerfile.shell.Glob.Atom;
import dev.stevedore.dockerfile.shell.Glob.Bracket;
import dev.stevedore.dockerfile.shell.Glob.Literal;
import dev.stevedore.dockerfile.shell.Glob.Range;
import dev.stevedore.dockerfile.shell.Glob.Star;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the text of a glob into atoms. Never fails: whatever is not special is literal, as in
 * bash (a lone {@code [}, a trailing {@code \}, an unknown {@code [:class:]}).
 */
final class GlobParser {

    private final int[] cps;
    private int pos;

    private GlobParser(String pattern) {
        this.cps = pattern.codePoints().toArray();
    }

    static List<Atom> parse(String pattern) {
        return new GlobParser(pattern).atoms();
    }

    private List<Atom> atoms() {
        List<Atom> atoms = new ArrayList<>();
        while (pos < cps.length) {
            Atom atom = next();
            // a run of stars means what one star means, and costs the automaton less
            if (!(atom instanceof Star && !atoms.isEmpty() && atoms.getLast() instanceof Star)) {
                atoms.add(atom);
            }
        }
        return atoms;
    }

    private Atom next() {
        int c = cps[pos++];
        return switch (c) {
            case '*' -> new Star();
            case '?' -> new AnyChar();
            case '\\' -> pos < cps.length ? new Literal(cps[pos++]) : new Literal('\\');
            case '[' -> bracket().orElse(new Literal('['));
            default -> new Literal(c);
        };
    }

    /** A bracket expression starting after its {@code [}; empty (and nothing consumed) when unclosed. */
    private Optional<Atom> bracket() {
        int j = pos;
        boolean negated = j < cps.length && (cps[j] == '!' || cps[j] == '^');
        if (negated) {
            j++;
        }
        List<Range> ranges = new ArrayList<>();
        List<CharClass> classes = new ArrayList<>();
        boolean first = true;
        while (j < cps.length) {
            int c = cps[j];
            if (c == ']' && !first) {
                pos = j + 1;
                return Optional.of(new Bracket(negated, List.copyOf(ranges), List.copyOf(classes)));
            }
            first = false;
            int classEnd = c == '[' ? classEnd(j) : -1;
            if (classEnd != -1) {
                classes.add(CharClass.named(text(j + 2, classEnd)).orElseThrow());
                j = classEnd + 2;
                continue;
            }
            int[] lo = member(j);
            j = lo[1];
            if (j + 1 < cps.length && cps[j] == '-' && cps[j + 1] != ']') {
                int[] hi = member(j + 1);
                ranges.add(new Range(lo[0], hi[0]));
                j = hi[1];
            } else {
                ranges.add(new Range(lo[0], lo[0]));
            }
        }
        return Optional.empty();
    }

    /** The character at {@code j} (or the one it escapes) and the index after it. */
    private int[] member(int j) {
        if (cps[j] == '\\' && j + 1 < cps.length) {
            return new int[] {cps[j + 1], j + 2};
        }
        return new int[] {cps[j], j + 1};
    }

    /** For {@code [:name:]} at {@code j} with a known name, the index of its closing {@code :}; else -1. */
    private int classEnd(int j) {
        if (j + 1 >= cps.length || cps[j + 1] != ':') {
            return -1;
        }
        for (int k = j + 2; k + 1 < cps.length; k++) {
            if (cps[k] == ':' && cps[k + 1] == ']') {
                return CharClass.named(text(j + 2, k)).isPresent() ? k : -1;
            }
            if (!Character.isLetter(cps[k])) {
                return -1;
            }
        }
        return -1;
    }

    private String text(int from, int to) {
        return new String(cps, from, to - from);
    }
}
