package dev.stevedore.dockerfile.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.testing.Conformance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** BuildKit's own word-expansion vectors ({@code ../shared/conformance/word-expansion/}). */
class ShellConformanceTest {

    private static final Env BUILDKIT_ENV = Env.of("PWD", "/home", "SHELL", "bash", "KOREAN", "한국어", "NULL", "");

    @TestFactory
    Stream<DynamicTest> singleWord() throws IOException {
        Path file = Conformance.dir("word-expansion").resolve("single-word.txt");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\|", 3);
            String platform = f[0].trim();
            String input = f[1].trim();
            String expected = f[2].trim();
            if (platform.equals("W")) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest((i + 1) + ": " + input, () -> {
                ShellLexer lexer = ShellLexer.standard();
                if (expected.equals("error")) {
                    assertThatThrownBy(() -> lexer.expandWord(input, BUILDKIT_ENV))
                            .isInstanceOf(InvalidInputException.class);
                } else {
                    assertThat(lexer.expandWord(input, BUILDKIT_ENV)).isEqualTo(expected);
                }
            }));
        }
        assertThat(tests).hasSizeGreaterThan(100);
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> withMatches() throws IOException {
        Path file = Conformance.dir("word-expansion").resolve("with-matches.jsonl");
        ObjectMapper json = new ObjectMapper();
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode c = json.readTree(line);
            String input = c.get("input").asText();
            Map<String, String> vars = new LinkedHashMap<>();
            c.get("envs").properties().forEach(e -> vars.put(e.getKey(), e.getValue().asText()));
            Env env = Env.of(vars);
            tests.add(DynamicTest.dynamicTest(input + " " + vars, () -> {
                ShellLexer lexer = ShellLexer.standard();
                if (c.get("expectedErr").asBoolean()) {
                    assertThatThrownBy(() -> lexer.expandWordWithMatches(input, env))
                            .isInstanceOf(InvalidInputException.class);
                    return;
                }
                WordExpansion result = lexer.expandWordWithMatches(input, env);
                assertThat(result.value()).isEqualTo(c.get("expected").asText());
                assertThat(result.matched()).containsExactlyInAnyOrderElementsOf(texts(c.get("matches")));
                assertThat(result.unmatched()).containsExactlyInAnyOrderElementsOf(texts(c.get("unmatched")));
            }));
        }
        assertThat(tests).hasSizeGreaterThan(40);
        return tests.stream();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
