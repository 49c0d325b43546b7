package dev.stevedore.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.dockerfile.DockerfileParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden plans: {@code plan/cases/<case>/Dockerfile} planned for linux/arm64/v8 on linux/amd64
 * must print exactly as {@code plan/cases/<case>/plan}.
 */
class PlanGoldenTest {

    @TestFactory
    List<DynamicTest> plansMatchTheirGoldenFiles() throws IOException, URISyntaxException {
        Path cases = Path.of(Objects.requireNonNull(getClass().getResource("/plan/cases")).toURI());
        try (Stream<Path> dirs = Files.list(cases)) {
            return dirs.sorted().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
                var dockerfile = DockerfileParser.parse("Dockerfile", Files.readAllBytes(dir.resolve("Dockerfile")));
                var request = new PlanRequest(Optional.empty(), BuildArgs.NONE, PlannerTest.ARM64, PlannerTest.AMD64, List.of());
                assertThat(print(Planner.plan(dockerfile, request))).isEqualTo(Files.readString(dir.resolve("plan")));
            })).toList();
        }
    }

    static String print(BuildPlan plan) {
        List<String> lines = new ArrayList<>();
        lines.add("target: " + plan.target().displayName());
        for (PlannedStage s : plan.stages()) {
            String line = s.index() + " " + s.displayName() + ": " + base(s.base()) + "; platform " + s.platform()
                    + "; needs " + s.dependencies();
            if (!s.sources().isEmpty()) {
                line += "; from " + s.sources().entrySet().stream().map(PlanGoldenTest::source).collect(Collectors.joining(", "));
            }
            lines.add(line);
        }
        lines.add(("skipped: " + plan.skipped().stream().map(StageGraph::name).collect(Collectors.joining(", "))).strip());
        plan.externalImages().forEach(e -> lines.add("pull: " + e.ref() + " " + e.platform()));
        lines.add("waves: " + plan.waves().stream().map(Object::toString).collect(Collectors.joining(" ")));
        return String.join("\n", lines) + "\n";
    }

    private static String base(Base base) {
        return switch (base) {
            case Base.FromImage i -> "image " + i.ref() + i.platform().map(p -> " --platform " + p).orElse("");
            case Base.FromStage s -> "stage " + s.index();
            case Base.FromScratch s -> "scratch";
            case Base.FromContext c -> "context " + c.name();
        };
    }

    private static String source(Map.Entry<String, SourceRef> e) {
        return e.getKey() + "=" + switch (e.getValue()) {
            case SourceRef.StageRef s -> "stage " + s.index();
            case SourceRef.ImageRef i -> "image " + i.image().ref();
            case SourceRef.ContextRef c -> "context " + c.context().name();
        };
    }
}
