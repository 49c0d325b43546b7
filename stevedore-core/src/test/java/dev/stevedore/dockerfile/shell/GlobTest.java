package dev.stevedore.dockerfile.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.dockerfile.shell.Glob.AnyChar;
import dev.stevedore.dockerfile.shell.Glob.Bracket;
import dev.stevedore.dockerfile.shell.Glob.Literal;
import dev.stevedore.dockerfile.shell.Glob.Match;
import dev.stevedore.dockerfile.shell.Glob.Range;
import dev.stevedore.dockerfile.shell.Glob.Star;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The glob compiler and automaton on their own. */
class GlobTest {

    private static int[] text(String s) {
        return s.codePoints().toArray();
    }

    @Test
    void compilesAtomsAndCollapsesStars() {
        assertThat(Glob.compile("a**?\\*[!x-z]").atoms()).containsExactly(
                new Literal('a'), new Star(), new AnyChar(), new Literal('*'),
                new Bracket(true, List.of(new Range('x', 'z')), List.of()));
    }

    @Test
    void whatIsNotSpecialIsLiteral() {
        assertThat(Glob.compile("[ab").atoms()).containsExactly(new Literal('['), new Literal('a'), new Literal('b'));
        assertThat(Glob.compile("x\\").atoms()).containsExactly(new Literal('x'), new Literal('\\'));
        assertThat(Glob.compile("[[:nope:]]").atoms()).containsExactly(
                new Bracket(false, List.of(new Range('[', '['), new Range(':', ':'), new Range('n', 'n'),
                        new Range('o', 'o'), new Range('p', 'p'), new Range('e', 'e'), new Range(':', ':')), List.of()),
                new Literal(']'));
        assertThat(Glob.compile("[a-]").atoms()).containsExactly(
                new Bracket(false, List.of(new Range('a', 'a'), new Range('-', '-')), List.of()));
    }

    @Test
    void prefixesShortestAndLongest() {
        Glob g = Glob.compile("*/");
        assertThat(g.prefix(text("a/b/c"), false)).isEqualTo(2);
        assertThat(g.prefix(text("a/b/c"), true)).isEqualTo(4);
        assertThat(g.prefix(text("abc"), true)).isEqualTo(-1);
        assertThat(Glob.compile("").prefix(text("abc"), true)).isZero();
    }

    @Test
    void findIsLeftmostThenLongest() {
        Glob g = Glob.compile("b*d");
        assertThat(g.find(text("abcdbd"), 0)).isEqualTo(new Match(1, 6));
        assertThat(g.find(text("abcdbd"), 2)).isEqualTo(new Match(4, 6));
        assertThat(g.find(text("abc"), 0)).isNull();
        assertThat(Glob.compile("x*").find(text("abc"), 0)).isNull();
        assertThat(Glob.compile("").find(text("abc"), 3)).isEqualTo(new Match(3, 3));
    }

    @Test
    void reversedMatchesSuffixes() {
        Glob g = Glob.compile("a?c*").reversed();
        assertThat(g.atoms()).containsExactly(new Star(), new Literal('c'), new AnyChar(), new Literal('a'));
    }

    @Test
    void characterClasses() {
        Glob g = Glob.compile("[[:upper:][:digit:]_]");
        assertThat(g.prefix(text("Q"), true)).isEqualTo(1);
        assertThat(g.prefix(text("7"), true)).isEqualTo(1);
        assertThat(g.prefix(text("_"), true)).isEqualTo(1);
        assertThat(g.prefix(text("q"), true)).isEqualTo(-1);
        for (CharClass c : CharClass.values()) {
            assertThat(CharClass.named(c.name().toLowerCase())).contains(c);
        }
        assertThat(CharClass.SPACE.test(0xA0)).isTrue();
        assertThat(CharClass.XDIGIT.test('f')).isTrue();
        assertThat(CharClass.XDIGIT.test('g')).isFalse();
        assertThat(CharClass.PUNCT.test('.')).isTrue();
        assertThat(CharClass.PUNCT.test('a')).isFalse();
    }
}
