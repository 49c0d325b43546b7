package dev.stevedore.dockerfile.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.diag.InvalidInputException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the tables under {@code src/test/resources/dockerfile/shell/}, one edge case per line,
 * in the spirit of BuildKit's {@code envVarTest} and {@code wordsTest}.
 *
 * <p>Format, line by line: {@code #} comments and blank lines are skipped;
 * {@code ENV NAME=VALUE} sets a variable for the lines below it (the value runs to the end of
 * the line, trailing spaces included), {@code UNSET NAME} removes one; {@code ESCAPE c} sets
 * the escape character; {@code RAW on} keeps quotes and escapes in the result;
 * {@code MODE word|words|matches} says what a case checks. A case is
 * {@code INPUT => EXPECTED} (split at the first {@code " => "}, nothing trimmed; a line
 * ending in {@code " =>"} expects the empty string), where
 * EXPECTED is {@code error: <the exact message>}, or else, by mode, the single word as is, the
 * words as a JSON array of strings, or {@code VALUE ~ [matched] ~ [unmatched]} with names
 * comma-separated.
 */
class ShellTableTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARROW = " => ";

    @TestFactory
    Stream<DynamicContainer> tables() throws IOException, URISyntaxException {
        Path dir = Path.of(ShellTableTest.class.getResource("/dockerfile/shell").toURI());
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        return files.stream().map(f -> DynamicContainer.dynamicContainer(f.getFileName().toString(), cases(f)));
    }

    @TestFactory
    Stream<DynamicTest> tablesHaveEnoughCases() throws IOException, URISyntaxException {
        Path dir = Path.of(ShellTableTest.class.getResource("/dockerfile/shell").toURI());
        long total;
        try (Stream<Path> list = Files.list(dir)) {
            total = list.filter(p -> p.toString().endsWith(".txt")).mapToLong(p -> cases(p).size()).sum();
        }
        long count = total;
        return Stream.of(DynamicTest.dynamicTest("at least 150 cases", () -> assertThat(count).isGreaterThanOrEqualTo(150)));
    }

    private static List<DynamicTest> cases(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Map<String, String> vars = new LinkedHashMap<>();
        char escape = '\\';
        String mode = "word";
        boolean raw = false;
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("ENV ")) {
                String kv = line.substring(4);
                int eq = kv.indexOf('=');
                vars.put(kv.substring(0, eq), kv.substring(eq + 1));
            } else if (line.startsWith("UNSET ")) {
                vars.remove(line.substring(6).trim());
            } else if (line.startsWith("ESCAPE ")) {
                escape = line.charAt(7);
            } else if (line.startsWith("RAW ")) {
                raw = line.substring(4).trim().equals("on");
            } else if (line.startsWith("MODE ")) {
                mode = line.substring(5).trim();
            } else {
                if (line.endsWith(ARROW.stripTrailing())) {
                    line = line + " "; // an empty expectation, however an editor trimmed the line
                }
                int arrow = line.indexOf(ARROW);
                if (arrow < 0) {
                    throw new AssertionError(file.getFileName() + ":" + (i + 1) + ": no \"" + ARROW.trim() + "\" in " + line);
                }
                String input = line.substring(0, arrow);
                String expected = line.substring(arrow + ARROW.length());
                Env env = Env.of(vars);
                ShellLexer lexer = raw ? new ShellLexer(escape).keepingQuotesAndEscapes() : new ShellLexer(escape);
                String m = mode;
                String name = (i + 1) + ": " + input;
                tests.add(DynamicTest.dynamicTest(name, () -> check(lexer, env, m, input, expected)));
            }
        }
        return tests;
    }

    private static void check(ShellLexer lexer, Env env, String mode, String input, String expected) throws IOException {
        if (expected.startsWith("error: ")) {
            assertThatThrownBy(() -> lexer.expandWordWithMatches(input, env))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage(expected.substring("error: ".length()));
            return;
        }
        switch (mode) {
            case "word" -> assertThat(lexer.expandWord(input, env)).isEqualTo(expected);
            case "words" -> assertThat(lexer.expandWords(input, env))
                    .containsExactlyElementsOf(JSON.readValue(expected, new TypeReference<List<String>>() {}));
            case "matches" -> {
                String[] parts = expected.split(" ~ ", -1);
                WordExpansion e = lexer.expandWordWithMatches(input, env);
                assertThat(e.value()).isEqualTo(parts[0]);
                assertThat(e.matched()).containsExactlyElementsOf(names(parts[1]));
                assertThat(e.unmatched()).containsExactlyElementsOf(names(parts[2]));
            }
            default -> throw new AssertionError("unknown MODE " + mode);
        }
    }

    private static List<String> names(String bracketed) {
        String inner = bracketed.substring(1, bracketed.length() - 1);
        return inner.isEmpty() ? List.of() : List.of(inner.split(","));
    }
}
