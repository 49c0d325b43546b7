package dev.stevedore.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.testing.Conformance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** BuildKit's parser test files, which BuildKit's instructions package also accepts, parse here too. */
class ConformanceTest {

    /** Cases that are not whole Dockerfiles (no FROM): only the parser dump is about them. */
    private static final Set<String> NOT_BUILDABLE = Set.of("json");

    @TestFactory
    Stream<DynamicTest> buildKitParserCasesAreAcceptedByTheTypedLayer() throws IOException {
        Path cases = Conformance.dir("dockerfile-parser/cases");
        try (Stream<Path> dirs = Files.list(cases)) {
            return dirs.filter(d -> !NOT_BUILDABLE.contains(d.getFileName().toString())).sorted().toList().stream()
                    .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
                        Dockerfile d = DockerfileParser.parse("Dockerfile", Files.readAllBytes(dir.resolve("Dockerfile")));
                        assertThat(d.stages()).isNotEmpty();
                        assertThat(DockerfileJson.write(d)).startsWith("{\n  \"file\": \"Dockerfile\",");
                    }));
        }
    }
}
