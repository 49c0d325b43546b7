package dev.stevedore.dockerfile.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.testing.Conformance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** BuildKit's heredoc vectors: which instructions get heredocs, with what name and body. */
class HeredocVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path dir() {
        return Conformance.dir("dockerfile-parser/heredoc");
    }

    @TestFactory
    Stream<DynamicTest> eachInstructionHasTheExpectedLineAndHeredocs() throws IOException {
        Path dir = dir();
        List<Node> nodes = DockerfileSyntax.parse("Dockerfile", Files.readAllBytes(dir.resolve("Dockerfile"))).nodes();
        List<String> expected = Files.readAllLines(dir.resolve("expected.jsonl"), StandardCharsets.UTF_8);
        assertThat(expected).isNotEmpty();
        assertThat(nodes).hasSize(expected.size() + 1); // the vectors start after FROM
        return expected.stream().map(line -> {
            JsonNode want = read(line);
            int index = want.get("child_index").asInt();
            return DynamicTest.dynamicTest(index + ": " + want.get("instruction_line").asText(), () -> {
                Node node = nodes.get(index);
                assertThat(node.original()).isEqualTo(want.get("instruction_line").asText());
                assertThat(node.heredocs()).isEqualTo(heredocs(want.get("heredocs")));
            });
        });
    }

    @Test
    void theJsonFormNeverTakesHeredocs() throws IOException {
        List<Node> nodes = DockerfileSyntax.parse("Dockerfile",
                Files.readAllBytes(dir().resolve("json-form.Dockerfile"))).nodes();
        assertThat(nodes).extracting(Node::original)
                .containsExactly("FROM alpine:3.6", "RUN [\"whoami\"]", "RUN [\"<<EOF\"]", "RUN [\"<<'EOF'\"]");
        assertThat(nodes).allSatisfy(n -> assertThat(n.heredocs()).isEmpty());
        assertThat(nodes.get(2).args()).containsExactly("<<EOF");
        assertThat(nodes.get(2).json()).isTrue();
    }

    @TestFactory
    Stream<DynamicTest> oneWordIsAHeredocAnErrorOrNeither() throws IOException {
        return rows("heredoc-word.tsv").map(cols -> DynamicTest.dynamicTest(cols[0] + " → " + cols[1], () -> {
            switch (cols[1]) {
                case "valid" -> assertThat(Heredocs.parseWord(cols[0])).get()
                        .extracting(Heredoc::name).isEqualTo(cols[2]);
                case "not-heredoc" -> assertThat(Heredocs.parseWord(cols[0])).isEmpty();
                case "error" -> assertThatThrownBy(() -> Heredocs.parseWord(cols[0]))
                        .isInstanceOf(SyntaxProblem.class).hasMessageContaining(cols[0]);
                default -> throw new AssertionError("unknown result " + cols[1]);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> theHeredocNamesOfALineInOrder() throws IOException {
        return rows("heredoc-names-from-line.tsv").map(cols -> DynamicTest.dynamicTest(cols[0], () -> {
            List<String> want = cols.length < 2 || cols[1].isEmpty() ? List.of() : Arrays.asList(cols[1].split(","));
            assertThat(Heredocs.namesFromLine(cols[0])).isEqualTo(want);
        }));
    }

    private static Stream<String[]> rows(String file) throws IOException {
        var rows = new ArrayList<String[]>();
        for (String line : Files.readAllLines(dir().resolve(file), StandardCharsets.UTF_8)) {
            if (!line.startsWith("#")) {
                rows.add(line.split("\t", -1));
            }
        }
        assertThat(rows).isNotEmpty();
        return rows.stream();
    }

    private static List<Heredoc> heredocs(JsonNode array) {
        if (array == null || array.isNull()) {
            return List.of();
        }
        var out = new ArrayList<Heredoc>();
        for (JsonNode h : array) {
            out.add(new Heredoc(h.get("Name").asText(), h.get("Content").asText(), h.get("Expand").asBoolean(),
                    h.get("Chomp").asBoolean(), h.get("FileDescriptor").asInt()));
        }
        return out;
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("bad vector line " + line, e);
        }
    }
}
