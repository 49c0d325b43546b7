package dev.stevedore.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.diag.SourceExcerpt;
import dev.stevedore.diag.SourceRange;
import dev.stevedore.event.BuildEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.model.Model;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

/** The plugin's own small parts, without Maven running; StevedorePluginIT runs them in Maven. */
class PluginPartsTest {

    @Test
    void theFailureViewIsTheCliErrorView() {
        String dockerfile = "FROM busybox\nRUN false";
        BuildEvent.BuildFailed failed = new BuildEvent.BuildFailed(Instant.now(), Optional.of("[2/2] RUN false"),
                Optional.of(SourceExcerpt.of("Dockerfile", dockerfile, SourceRange.line(2))), List.of("some output"),
                "Dockerfile:2: process \"/bin/sh -c false\" did not complete successfully: exit code: 1");
        assertThat(FailureView.of(Optional.of(failed), "ignored")).isEqualTo("""
                failed to build: Dockerfile:2: process "/bin/sh -c false" did not complete successfully: exit code: 1
                ------
                 > [2/2] RUN false:
                some output
                ------
                Dockerfile:2
                --------------------
                   1 |     FROM busybox
                   2 | >>> RUN false
                --------------------""");
        assertThat(FailureView.of(Optional.empty(), "RUN needs runc or crun: install one (apt-get install runc)"))
                .isEqualTo("failed to build: RUN needs runc or crun: install one (apt-get install runc)");
    }

    @Test
    void theDefaultTagIsTheProjectsCoordinatesInLowerCase() {
        Model model = new Model();
        model.setArtifactId("MyApp");
        model.setVersion("1.0-SNAPSHOT");
        BuildMojo mojo = new BuildMojo();
        mojo.project = new MavenProject(model);
        assertThat(mojo.tagsOrDefault()).containsExactly("myapp:1.0-snapshot");
        mojo.tags = List.of("registry.example/app:2");
        assertThat(mojo.tagsOrDefault()).containsExactly("registry.example/app:2");
    }

    @Test
    void anEmptyMapElementIsAnEmptyValue() {
        Map<String, String> given = new HashMap<>();
        given.put("EMPTY", null);
        given.put("SET", "x");
        assertThat(StevedoreMojo.values(given)).containsEntry("EMPTY", "").containsEntry("SET", "x");
        assertThat(StevedoreMojo.values(null)).isEmpty();
    }
}
