package dev.stevedore.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.SourceRange;
import dev.stevedore.testing.Conformance;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class IgnorePatternsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> list(String json) throws IOException {
        return JSON.readValue(json, new TypeReference<List<String>>() {});
    }

    private static void check(List<String> patterns, String path, String expected) {
        if (expected.startsWith("error")) {
            var thrown = assertThatThrownBy(() -> IgnorePatterns.of(patterns)).isInstanceOf(InvalidInputException.class);
            if (expected.startsWith("error: ")) {
                thrown.hasMessage(expected.substring("error: ".length()));
            }
        } else {
            assertThat(IgnorePatterns.of(patterns).matches(path)).isEqualTo(Boolean.parseBoolean(expected));
        }
    }

    /** moby/patternmatcher's vectors ({@code ../shared/conformance/ignore-patterns/}). */
    @TestFactory
    Stream<DynamicTest> mobyVectors() throws IOException {
        List<String> rows = Files.readAllLines(Conformance.dir("ignore-patterns").resolve("vectors.tsv"), StandardCharsets.UTF_8);
        List<DynamicTest> tests = new ArrayList<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] c = row.split("\t", -1);
            if (row.isBlank() || !(c[5].equals("any") || c[5].equals("unix"))) {
                continue;
            }
            List<String> patterns = list(c[2]);
            tests.add(DynamicTest.dynamicTest(c[0] + " " + c[2] + " " + c[3], () -> check(patterns, c[3], c[4])));
        }
        assertThat(tests).hasSizeGreaterThan(40);
        return tests.stream();
    }

    /** Our own table: {@code src/test/resources/context/ignore-patterns.txt}. */
    @TestFactory
    Stream<DynamicTest> table() throws IOException, URISyntaxException {
        Path file = Path.of(IgnorePatternsTest.class.getResource("/context/ignore-patterns.txt").toURI());
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(" \\| ", 3);
            List<String> patterns = list(f[0]);
            tests.add(DynamicTest.dynamicTest(line, () -> check(patterns, f[1], f[2])));
        }
        assertThat(tests).hasSizeGreaterThan(70);
        return tests.stream();
    }

    @Test
    void aDockerignoreFileIsReadAsDockerReadsIt() {
        String text = "\uFEFF# comment\n  # not a comment: a pattern\n\n  /abs/path  \r\n! ./keep/me/ \n./tmp\n*.log\n";
        IgnorePatterns ignore = IgnorePatterns.parse(text, ".dockerignore");
        assertThat(ignore.patterns()).containsExactly(
                new IgnorePatterns.Pattern("# not a comment: a pattern", false),
                new IgnorePatterns.Pattern("abs/path", false),
                new IgnorePatterns.Pattern("keep/me", true),
                new IgnorePatterns.Pattern("tmp", false),
                new IgnorePatterns.Pattern("*.log", false));
        assertThat(ignore.hasExclusions()).isTrue();
        assertThat(ignore.matches("abs/path/x")).isTrue();
        assertThat(ignore.matches("tmp/a.txt")).isTrue();
        assertThat(ignore.matches("x.log")).isTrue();
        assertThat(ignore.matches("keep/me/a.log")).isFalse();
        assertThat(ignore.matches("keep/a.txt")).isFalse();
        assertThat(IgnorePatterns.parse("", ".dockerignore").patterns()).isEmpty();
        assertThat(IgnorePatterns.none().matches("x")).isFalse();
    }

    @Test
    void aMalformedLineIsReportedWithItsFileAndLine() {
        assertThatThrownBy(() -> IgnorePatterns.parse("ok\n# c\nbad[\n", "app.Dockerfile.dockerignore"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("app.Dockerfile.dockerignore:3: invalid ignore pattern \"bad[\": it has a malformed or unclosed [...] expression")
                .satisfies(e -> assertThat(((InvalidInputException) e).diagnostic().orElseThrow().range())
                        .isEqualTo(SourceRange.line(3)));
        assertThatThrownBy(() -> IgnorePatterns.parse("!\n", ".dockerignore"))
                .hasMessage(".dockerignore:1: illegal exclusion pattern: \"!\"");
    }

    @Test
    void theDockerfileSpecificFileWins(@TempDir Path context) throws IOException {
        Path dockerfile = context.resolve("build/app.Dockerfile");
        Files.createDirectories(dockerfile.getParent());
        Files.writeString(dockerfile, "FROM scratch\n");
        assertThat(IgnorePatterns.forBuild(context, dockerfile).patterns()).isEmpty();
        Files.writeString(context.resolve(".dockerignore"), "general\n");
        assertThat(IgnorePatterns.forBuild(context, dockerfile).matches("general")).isTrue();
        Files.writeString(context.resolve("build/app.Dockerfile.dockerignore"), "specific\n");
        IgnorePatterns ignore = IgnorePatterns.forBuild(context, dockerfile);
        assertThat(ignore.matches("specific")).isTrue();
        assertThat(ignore.matches("general")).isFalse();
    }

    @Test
    void goPathCleanAndDir() {
        assertThat(GoPath.clean("")).isEqualTo(".");
        assertThat(GoPath.clean("a//b/./c/..")).isEqualTo("a/b");
        assertThat(GoPath.clean("/../x/")).isEqualTo("/x");
        assertThat(GoPath.clean("../../a")).isEqualTo("../../a");
        assertThat(GoPath.clean("a/../..")).isEqualTo("..");
        assertThat(GoPath.clean("./")).isEqualTo(".");
        assertThat(GoPath.dir("a/b/c")).isEqualTo("a/b");
        assertThat(GoPath.dir("a")).isEqualTo(".");
        assertThat(GoPath.dir("/a")).isEqualTo("/");
        assertThat(GoPath.dir("dir/file/")).isEqualTo("dir/file");
    }

    @Test
    void manyStarsNeitherOverflowNorCrawl() {
        List<String> patterns = List.of("*".repeat(100_000) + "x", "a" + "*?".repeat(1_000) + "b",
                "**/".repeat(50_000) + "x");
        String path = "a".repeat(10_000);
        assertTimeoutPreemptively(Duration.ofSeconds(60), // a hang guard, not a speed test
                () -> assertThat(IgnorePatterns.of(patterns).matches(path)).isFalse());
    }
}
