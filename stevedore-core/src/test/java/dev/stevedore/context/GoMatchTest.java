package dev.stevedore.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class GoMatchTest {

    /** {@code src/test/resources/context/go-match.txt}: one case per line. */
    @TestFactory
    Stream<DynamicTest> table() throws IOException, URISyntaxException {
        Path file = Path.of(GoMatchTest.class.getResource("/context/go-match.txt").toURI());
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(" \\| ", 3);
            tests.add(DynamicTest.dynamicTest(line, () -> {
                String problem = PatternSyntax.problem(f[0]);
                if (f[2].equals("error")) {
                    assertThat(problem).isNotNull();
                } else {
                    assertThat(problem).isNull();
                    assertThat(GoMatch.matches(f[0], f[1])).isEqualTo(Boolean.parseBoolean(f[2]));
                }
            }));
        }
        assertThat(tests).hasSizeGreaterThan(50);
        return tests.stream();
    }

    @Test
    void wildcardsAreFoundUnlessEscaped() {
        assertThat(GoMatch.hasWildcard("a*")).isTrue();
        assertThat(GoMatch.hasWildcard("a?")).isTrue();
        assertThat(GoMatch.hasWildcard("a[b]")).isTrue();
        assertThat(GoMatch.hasWildcard("a\\*")).isFalse();
        assertThat(GoMatch.hasWildcard("plain/path.txt")).isFalse();
        assertThat(GoMatch.unescape("a\\*b\\\\c")).isEqualTo("a*b\\c");
    }
}
