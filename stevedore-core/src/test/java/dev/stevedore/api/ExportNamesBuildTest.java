package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.output.OutputTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build's exports name the image by exactly its {@code -t} names, even when the store has
 * other tags for the same image (an earlier build of the same Dockerfile), as BuildKit does;
 * skopeo then reads the docker archive without being told which image.
 */
class ExportNamesBuildTest {

    @TempDir
    Path dir;

    @Test
    void ociAndDockerExportsCarryOnlyTheBuildsTags() throws Exception {
        BuildHarness h = new BuildHarness(dir);
        String dockerfile = "FROM busybox\nLABEL same=image\n";
        h.build(dockerfile, r -> r.tags(List.of("app:1", "localhost:5000/app:old")));
        Path oci = dir.resolve("oci.tar");
        Path docker = dir.resolve("docker.tar");
        BuildResult again = h.build(dockerfile, r -> r.tags(List.of("app:2")).distribution(
                Distribution.defaults().withOutputs(List.of(new OutputTarget.OciArchive(oci),
                        new OutputTarget.DockerArchive(docker)))));
        assertThat(h.store.tags().list().stream().filter(t -> t.descriptor().digest().equals(again.manifestDigest())))
                .hasSize(3);
        assertThat(member(docker, "manifest.json")).contains("\"RepoTags\":[\"app:2\"]");
        assertThat(member(oci, "index.json")).contains("docker.io/library/app:2").doesNotContain("app:1")
                .doesNotContain("app:old");
        assertThat(BuildHarness.run("skopeo", "inspect", "docker-archive:" + docker)).contains("\"Layers\"");
    }

    private static String member(Path tar, String name) throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(java.nio.file.Files.newInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(name)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError(name + " not in " + tar);
    }
}
