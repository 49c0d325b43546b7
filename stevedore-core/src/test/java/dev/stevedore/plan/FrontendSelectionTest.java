package dev.stevedore.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@code # syntax=} and {@code BUILDKIT_SYNTAX}: the official 1.x frontends are ours; any other image is refused. */
class FrontendSelectionTest {

    private static final String DIGEST = "@sha256:abababababababababababababababababababababababababababababababab";

    @ParameterizedTest
    @ValueSource(strings = {"docker/dockerfile:1", "docker/dockerfile:1.7", "docker/dockerfile:1.7.1",
            "docker/dockerfile:1-labs", "docker/dockerfile:1.7-labs", "docker/dockerfile:1.7.0-labs",
            "docker.io/docker/dockerfile:1", "docker.io/docker/dockerfile:1.4" + DIGEST,
            "docker/dockerfile:1" + DIGEST, "docker/dockerfile", "docker/dockerfile:latest"})
    void theOfficialDockerfileOneFrontendsAreTheBuiltInOne(String image) {
        BuildPlan plan = PlannerTest.plan("# syntax=" + image + "\nFROM scratch\n");
        assertThat(plan.stages()).hasSize(1);
        assertThat(PlannerTest.plan("FROM scratch\n", PlanRequest.of(PlannerTest.AMD64)
                .withBuildArgs(BuildArgs.of(Map.of("BUILDKIT_SYNTAX", image)))).stages()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tonistiigi/dockerfile:master", "docker/dockerfile:0.8", "docker/dockerfile:2",
            "docker/dockerfile-upstream:master", "ghcr.io/docker/dockerfile:1", "docker/dockerfile:1.x",
            "example.com/frontends/custom:1"})
    void anyOtherImageIsAnErrorAtTheDirectivesLine(String image) {
        assertThatThrownBy(() -> PlannerTest.plan("# escape=\\\n# syntax=" + image + "\nFROM scratch\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Dockerfile:2: # syntax=" + image + ": Stevedore has no external frontends (BuildKit"
                        + " would pull and run the image " + image + " to read this Dockerfile); use"
                        + " docker/dockerfile:1 or remove the directive");
    }

    @Test
    void theBuildArgWinsOverTheDirectiveAsInBuildKit() {
        String custom = "# syntax=example.com/custom:1\nFROM scratch\n";
        assertThat(PlannerTest.plan(custom, PlanRequest.of(PlannerTest.AMD64)
                .withBuildArgs(BuildArgs.of(Map.of("BUILDKIT_SYNTAX", "docker/dockerfile:1")))).stages()).hasSize(1);
        assertThatThrownBy(() -> PlannerTest.plan("# syntax=docker/dockerfile:1\nFROM scratch\n",
                PlanRequest.of(PlannerTest.AMD64).withBuildArgs(BuildArgs.of(Map.of("BUILDKIT_SYNTAX",
                        "example.com/custom:1")))))
                .hasMessage("--build-arg BUILDKIT_SYNTAX=example.com/custom:1: Stevedore has no external frontends"
                        + " (BuildKit would pull and run the image example.com/custom:1 to read this Dockerfile);"
                        + " use docker/dockerfile:1 or drop the build arg");
    }
}
