package dev.stevedore.dockerfile.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.testing.Conformance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** BuildKit's parser test cases: our dump must equal their {@code result} byte for byte. */
class ConformanceCasesTest {

    @TestFactory
    Stream<DynamicTest> everyBuildKitCaseDumpsExactlyItsResult() throws IOException {
        Path cases = Conformance.dir("dockerfile-parser/cases");
        List<Path> dirs;
        try (Stream<Path> list = Files.list(cases)) {
            dirs = list.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(dirs).isNotEmpty();
        return dirs.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            byte[] dockerfile = Files.readAllBytes(dir.resolve("Dockerfile"));
            String expected = new String(Files.readAllBytes(dir.resolve("result")), StandardCharsets.UTF_8);
            String dump = DumpPrinter.print(DockerfileSyntax.parse("Dockerfile", dockerfile));
            assertThat(dump).isEqualTo(expected);
        }));
    }
}
