package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.registry.Credentials;
import dev.stevedore.registry.DockerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A distribution's own credentials (the Maven plugin's settings.xml servers) come before Docker's config. */
class DistributionCredentialsTest {

    @TempDir
    Path dir;

    @Test
    void ownCredentialsFirstThenDockersConfig() throws Exception {
        Path config = Files.createDirectories(dir.resolve("docker"));
        new DockerConfig(config.resolve("config.json"), java.util.List.of())
                .login("both.example", Credentials.of("docker", "d"));
        new DockerConfig(config.resolve("config.json"), java.util.List.of())
                .login("docker-only.example", Credentials.of("docker", "d"));
        Distribution d = Distribution.defaults().withDockerConfig(config).withCredentials(registry ->
                registry.equals("both.example") || registry.equals("own-only.example")
                        ? Optional.of(RegistryCredentials.Login.of("maven", "m")) : Optional.empty());

        var credentials = d.registryOptions().credentials();

        assertThat(credentials.lookup("both.example")).map(Credentials::username).contains("maven");
        assertThat(credentials.lookup("own-only.example")).map(Credentials::username).contains("maven");
        assertThat(credentials.lookup("docker-only.example")).map(Credentials::username).contains("docker");
        assertThat(credentials.lookup("neither.example")).isEmpty();
    }

    @Test
    void withoutOwnCredentialsDockersConfigAlone() throws Exception {
        Path config = Files.createDirectories(dir.resolve("docker"));
        new DockerConfig(config.resolve("config.json"), java.util.List.of())
                .login("registry.example", Credentials.of("docker", "d"));
        Distribution d = Distribution.defaults().withDockerConfig(config);

        assertThat(d.registryOptions().credentials().lookup("registry.example")).map(Credentials::username)
                .contains("docker");
    }
}
