package dev.stevedore.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.testing.Conformance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * distribution/reference's own test table ({@code image-references/vectors.tsv}): every row,
 * every column that is not {@code *}; an empty cell means the value must be absent.
 */
class ImageReferenceConformanceTest {

    private record Row(int line, String test, String function, String input, boolean valid,
            String name, String tag, String digest, String domain, String path, String string, String familiar) {}

    @TestFactory
    Stream<DynamicTest> everyVector() throws IOException {
        List<String> lines = Files.readAllLines(
                Conformance.dir("image-references").resolve("vectors.tsv"), StandardCharsets.UTF_8);
        assertThat(lines.getFirst()).startsWith("test\tfunction\tinput\tvalid");
        return lines.stream().skip(1).filter(l -> !l.isBlank()).map(l -> {
            String[] c = l.split("\t", -1);
            Row row = new Row(lines.indexOf(l) + 1, c[0], c[1], c[2], Boolean.parseBoolean(c[3]),
                    c[5], c[6], c[7], c[8], c[9], c[10], c[11]);
            return DynamicTest.dynamicTest(
                    row.test() + " " + row.function() + " \"" + abbreviate(row.input()) + "\"", () -> check(row));
        });
    }

    private static void check(Row row) {
        if (!row.valid()) {
            assertThatThrownBy(() -> apply(row.function(), row.input()))
                    .as("line %d must be rejected", row.line())
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("invalid ");
            return;
        }
        AnyReference any = apply(row.function(), row.input());
        expect(row.string(), Optional.of(any.toString()), "string");
        if (any instanceof ImageReference ref) {
            expect(row.name(), Optional.of(ref.name()), "name");
            expect(row.tag(), ref.tag(), "tag");
            expect(row.digest(), ref.digest().map(Digest::toString), "digest");
            expect(row.domain(), Optional.of(ref.domain()).filter(d -> !d.isEmpty()), "domain");
            expect(row.path(), Optional.of(ref.path()), "path");
            expect(row.familiar(), Optional.of(ref.familiarString()), "familiar");
        } else {
            assertThat(row.name()).as("a digest-only reference has no name").isIn("*", "");
        }
    }

    private static AnyReference apply(String function, String input) {
        return switch (function) {
            case "WithName" -> ImageReference.parseName(input);
            case "ParseNamed" -> ImageReference.parseCanonical(input);
            case "Parse(via JSON Field)" -> ImageReference.parseRaw(input);
            case "ParseNormalizedNamed" -> ImageReference.parse(input);
            case "ParseDockerRef" -> ImageReference.parseDockerRef(input);
            case "ParseAnyReference" -> AnyReference.parse(input);
            default -> throw new AssertionError("unknown function column " + function);
        };
    }

    private static void expect(String cell, Optional<String> actual, String column) {
        if (cell.equals("*")) {
            return;
        }
        if (cell.isEmpty()) {
            assertThat(actual).as(column).isEmpty();
        } else {
            assertThat(actual).as(column).contains(cell);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
