package dev.stevedore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The TOML that registries.conf files use, and one-sentence errors (file:line) for the rest. */
class TomlSubsetTest {

    @Test
    void readsTheShapesOfRegistriesConf() {
        Map<String, Object> doc = TomlSubset.parse("r.conf", """
                # a comment
                unqualified-search-registries = ["docker.io", 'quay.io',
                    # comments and line breaks inside arrays
                    "example.com",]
                short-name-mode = "enforcing"   # trailing comment

                [[registry]]
                prefix = "docker.io"
                insecure = false
                weight = 1_000
                [[registry.mirror]]
                location = "mirror.example.com:5000"
                [[registry.mirror]]
                location = "m2.example.com"
                insecure = true

                [[registry]]
                location = "localhost:5001"
                insecure = true

                [aliases]
                  "opensuse/leap" = "registry.opensuse.org/opensuse/leap"
                  'literal\\key' = "esc\\"aped\\u00e9"
                """);
        assertThat(doc.get("unqualified-search-registries")).isEqualTo(List.of("docker.io", "quay.io", "example.com"));
        assertThat(doc.get("short-name-mode")).isEqualTo("enforcing");
        assertThat(doc.get("registry")).isEqualTo(List.of(
                Map.of("prefix", "docker.io", "insecure", false, "weight", 1000L, "mirror", List.of(
                        Map.of("location", "mirror.example.com:5000"),
                        Map.of("location", "m2.example.com", "insecure", true))),
                Map.of("location", "localhost:5001", "insecure", true)));
        assertThat(doc.get("aliases")).isEqualTo(Map.of("opensuse/leap", "registry.opensuse.org/opensuse/leap",
                "literal\\key", "esc\"aped\u00e9"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a = 1\\nb = {x = 1}                 | r.conf:2: unsupported value \"{x\" (this reader takes strings, booleans, integers and arrays)",
            "a = \"open                          | r.conf:1: unterminated string",
            "a = 1\\na = 2                        | r.conf:2: key \"a\" is defined twice",
            "[a\\nb = 1                           | r.conf:1: expected ], found the end of the line",
            "a = 1 b = 2                         | r.conf:1: expected the end of the line, found \"b = 2\"",
            "a = [1, 2\\n                         | r.conf:2: expected , or ] in an array, found the end of the file",
            "a = 1.5                             | r.conf:1: unsupported value \"1.5\" (this reader takes strings, booleans, integers and arrays)",
            "a = \"\"\"x\"\"\"                   | r.conf:1: multi-line strings are not supported",
            "a = 1\\n[a]                         | r.conf:2: [a] names a key that is not a table",
            "= 1                                 | r.conf:1: expected a key, found \"= 1\""})
    void whatItDoesNotReadIsAnErrorWithTheLine(String text, String message) {
        assertThatThrownBy(() -> TomlSubset.parse("r.conf", text.strip().replace("\\n", "\n")))
                .isInstanceOf(InvalidInputException.class).hasMessage(message);
    }

    @Test
    void saysTheLineOfEachKeyAndTable() {
        TomlSubset.Document doc = TomlSubset.read("c.toml", """
                top = 1
                # a comment

                [server]
                enabled = true
                idle-timeout = [
                  1,
                ]
                [build]
                progress = "plain"
                """);
        assertThat(doc.line("top")).isEqualTo(1);
        assertThat(doc.line("server")).isEqualTo(4);
        assertThat(doc.line("server.enabled")).isEqualTo(5);
        assertThat(doc.line("server.idle-timeout")).isEqualTo(6);
        assertThat(doc.line("build.progress")).isEqualTo(10);
        assertThat(doc.line("nowhere")).isZero();
    }
}
