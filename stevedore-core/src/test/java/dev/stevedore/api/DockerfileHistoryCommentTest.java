package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.images.Images;
import dev.stevedore.oci.History;
import java.time.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every step a Dockerfile build records carries BuildKit's comment {@code buildkit.dockerfile.v0}
 * (what {@code docker history} shows in its COMMENT column, and scripts look for); the base
 * image's own entries keep theirs. Needs busybox.
 */
class DockerfileHistoryCommentTest {

    @TempDir
    Path dir;

    @Test
    void eachStepOfTheDockerfileHasBuildKitsComment() throws Exception {
        BuildHarness h = new BuildHarness(dir);
        Files.writeString(h.context.resolve("f"), "f\n");
        BuildResult result = h.build("FROM busybox\nENV A=1\nCOPY f /f\nCMD [\"sh\"]\n");
        var config = h.config(result);

        List<String> comments = config.history().stream().map(History::comment).toList();
        assertThat(comments).containsExactly("", "buildkit.dockerfile.v0", "buildkit.dockerfile.v0",
                "buildkit.dockerfile.v0");
        // docker image inspect's Comment and Parent, which scripts read
        assertThat(new Images(h.store, Clock.systemUTC()).inspect(List.of(result.imageId().toString())))
                .contains("\"Comment\" : \"buildkit.dockerfile.v0\"").contains("\"Parent\" : \"\"");
    }
}
