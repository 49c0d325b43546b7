package dev.stevedore.dockerfile.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.InvalidInputException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Our own cases, one directory each under {@code resources/dockerfile/syntax/}: a
 * {@code Dockerfile} and either {@code dump} (the exact expected dump) or {@code error} (the
 * exact message of the {@link InvalidInputException}); an optional {@code warnings} holds the
 * expected warnings, one formatted diagnostic per line.
 */
class GoldenCasesTest {

    @TestFactory
    Stream<DynamicTest> everyCaseDumpsOrFailsExactlyAsWritten() throws IOException, URISyntaxException {
        Path root = Path.of(GoldenCasesTest.class.getResource("/dockerfile/syntax").toURI());
        List<Path> dirs;
        try (Stream<Path> list = Files.list(root)) {
            dirs = list.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(dirs).hasSizeGreaterThan(20);
        return dirs.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
    }

    private static void check(Path dir) throws IOException {
        byte[] dockerfile = Files.readAllBytes(dir.resolve("Dockerfile"));
        if (Files.exists(dir.resolve("error"))) {
            assertThat(dir.resolve("dump")).doesNotExist();
            assertThatThrownBy(() -> DockerfileSyntax.parse("Dockerfile", dockerfile))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage(read(dir.resolve("error")).stripTrailing());
            return;
        }
        SyntaxTree tree = DockerfileSyntax.parse("Dockerfile", dockerfile);
        assertThat(DumpPrinter.print(tree)).isEqualTo(read(dir.resolve("dump")));
        Path warnings = dir.resolve("warnings");
        String actual = tree.warnings().stream().map(Diagnostic::format).map(w -> w + "\n").collect(Collectors.joining());
        assertThat(actual).isEqualTo(Files.exists(warnings) ? read(warnings) : "");
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
