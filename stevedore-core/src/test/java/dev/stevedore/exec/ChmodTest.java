package dev.stevedore.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --chmod}, octal and symbolic, against chmod(1)'s results. */
class ChmodTest {

    @ParameterizedTest(name = "{0} on {1} (dir={2}) = {3}")
    @CsvSource(delimiter = '|', textBlock = """
            755       | 644  | false | 755
            0640      | 777  | true  | 640
            4755      | 644  | false | 4755
            u+x       | 644  | false | 744
            g-w       | 664  | false | 644
            'u+x,g-w' | 664  | false | 744
            +x        | 644  | false | 755
            a=r       | 755  | false | 444
            go=       | 755  | false | 700
            a=rX      | 644  | false | 444
            a=rX      | 744  | false | 555
            a=rX      | 600  | true  | 555
            go=u      | 640  | false | 666
            u+s       | 755  | false | 4755
            +t        | 755  | true  | 1755
            o-rwx     | 1777 | true  | 1770
            u=rw,go-w | 4777 | false | 655
            """)
    void modes(String spec, String from, boolean dir, String expected) {
        assertThat(Integer.toOctalString(Chmod.parse(spec).apply(Integer.parseInt(from, 8), dir))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "888", "u+q", "x+u", "u", "u+x,", "12345", "rwx"})
    void malformedModesAreRefusedNamingTheText(String spec) {
        assertThatThrownBy(() -> Chmod.parse(spec)).isInstanceOf(InvalidInputException.class)
                .hasMessage("invalid --chmod \"" + spec + "\": expected an octal mode such as 755 or a symbolic one"
                        + " such as u+x,g-w");
    }
}
