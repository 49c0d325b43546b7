package dev.stevedore.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.dockerfile.syntax.DockerfileSyntax;
import dev.stevedore.dockerfile.syntax.DumpPrinter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The golden files are the spec of the typed layer: one directory per case under
 * {@code src/test/resources/dockerfile/golden/<case>/} with a {@code Dockerfile}, its expected
 * parser {@code dump} and its expected typed {@code json}; must-fail cases under
 * {@code .../negative/<case>/} with a {@code Dockerfile} and the exact {@code error}.
 *
 * <p>Run with {@code -Dstevedore.golden.update=true} to rewrite the expected files from the
 * current output; then read every changed line before committing it.
 */
class GoldenTest {

    private static final Path ROOT = Path.of("src/test/resources/dockerfile");
    private static final boolean UPDATE = Boolean.getBoolean("stevedore.golden.update");

    @TestFactory
    Stream<DynamicTest> goldenCases() throws IOException {
        return cases("golden").map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            byte[] dockerfile = Files.readAllBytes(dir.resolve("Dockerfile"));
            String dump = DumpPrinter.print(DockerfileSyntax.parse("Dockerfile", dockerfile));
            String json = DockerfileJson.write(DockerfileParser.parse("Dockerfile", dockerfile));
            check(dir.resolve("dump"), dump);
            check(dir.resolve("json"), json);
        }));
    }

    @TestFactory
    Stream<DynamicTest> negativeCases() throws IOException {
        return cases("negative").map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            byte[] dockerfile = Files.readAllBytes(dir.resolve("Dockerfile"));
            if (UPDATE) {
                try {
                    DockerfileParser.parse("Dockerfile", dockerfile);
                } catch (StevedoreException e) {
                    check(dir.resolve("error"), e.getMessage() + "\n");
                }
            }
            String expected = Files.readString(dir.resolve("error"), StandardCharsets.UTF_8).strip();
            assertThatThrownBy(() -> DockerfileParser.parse("Dockerfile", dockerfile))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage(expected)
                    .satisfies(e -> assertThat(((InvalidInputException) e).diagnostic()).isPresent());
        }));
    }

    private static Stream<Path> cases(String kind) throws IOException {
        try (Stream<Path> dirs = Files.list(ROOT.resolve(kind))) {
            List<Path> sorted = dirs.filter(Files::isDirectory).sorted().toList();
            assertThat(sorted).as("cases under " + ROOT.resolve(kind)).isNotEmpty();
            return sorted.stream();
        }
    }

    private static void check(Path expectedFile, String actual) throws IOException {
        if (UPDATE) {
            Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).as(expectedFile.toString())
                .isEqualTo(Files.readString(expectedFile, StandardCharsets.UTF_8));
    }
}
