package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.UnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --load}: found on the PATH or refused plainly; the archive is piped into {@code docker load}. */
class DockerLoadTest {

    @TempDir
    Path dir;

    @Test
    void withoutDockerOnThePathItSaysWhatToDoInstead() {
        assertThatThrownBy(() -> DockerLoad.locate(dir.toString())).isInstanceOf(UnavailableException.class)
                .hasMessage("--load needs the docker CLI, and there is no docker on the PATH;"
                        + " use -o type=docker,dest=FILE and load FILE where docker is");
    }

    @Test
    void theArchiveIsPipedIntoDockerLoad() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path docker = bin.resolve("docker");
        // a stand-in docker: records its arguments and what it reads, answers as docker load does
        Files.writeString(docker, "#!/bin/sh\necho \"$@\" > " + dir.resolve("args") + "\ncat > " + dir.resolve("stdin")
                + "\necho 'Loaded image: app:1'\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path archive = dir.resolve("image.tar");
        Files.writeString(archive, "archive bytes");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DockerLoad.locate(bin.toString()).load(archive, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(dir.resolve("args")).hasContent("load");
        assertThat(dir.resolve("stdin")).hasContent("archive bytes");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("Loaded image: app:1\n");

        Files.writeString(docker, "#!/bin/sh\necho 'Cannot connect to the Docker daemon'\nexit 1\n");
        assertThatThrownBy(() -> DockerLoad.locate(bin.toString()).load(archive, new PrintStream(err)))
                .isInstanceOf(UnavailableException.class).hasMessage("docker load failed with exit code 1");
    }
}
