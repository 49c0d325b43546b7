package dev.stevedore.cli;

import dev.stevedore.diag.UnavailableException;
import dev.stevedore.runtime.RuntimeLocator;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --load}: the built image, as a docker archive, piped into {@code docker load}. The docker
 * CLI is looked up before the build, so that a build is never done for nothing.
 */
final class DockerLoad {

    private final Path docker;

    private DockerLoad(Path docker) {
        this.docker = docker;
    }

    /** @throws UnavailableException when no {@code docker} is on the PATH */
    static DockerLoad locate(Map<String, String> env) {
        return locate(env.getOrDefault("PATH", ""));
    }

    /** @param pathEnv a {@code PATH} to look for {@code docker} in */
    static DockerLoad locate(String pathEnv) {
        Optional<Path> docker = RuntimeLocator.find("docker", pathEnv);
        return new DockerLoad(docker.orElseThrow(() -> new UnavailableException(
                "--load needs the docker CLI, and there is no docker on the PATH;"
                        + " use -o type=docker,dest=FILE and load FILE where docker is")));
    }

    /** Pipes {@code archive} into {@code docker load}; what it prints goes to {@code err}. */
    void load(Path archive, PrintStream err) {
        try {
            Process p = new ProcessBuilder(docker.toString(), "load").redirectInput(archive.toFile())
                    .redirectErrorStream(true).start();
            try (InputStream out = p.getInputStream()) {
                out.transferTo(err);
            }
            int code = p.waitFor();
            if (code != 0) {
                throw new UnavailableException("docker load failed with exit code " + code);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + docker + " load: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("docker load was interrupted");
        }
    }
}
