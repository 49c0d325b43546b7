package dev.stevedore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.api.MachineRegistries;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.registry.DockerConfig;
import dev.stevedore.registry.RegistryOptions;
import dev.stevedore.registry.TransferListener;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The options shared by the commands that talk to registries: mirrors, insecure
 * registries, and a daemon.json-style file holding {@code registry-mirrors} and
 * {@code insecure-registries}.
 */
final class RegistryFlags {

    @Option(names = "--registry-mirror", paramLabel = "URL", description = "A Docker Hub mirror; repeat for several.")
    List<String> mirrors = new ArrayList<>();

    @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
            description = "Allow plain http to this registry; repeat for several (loopback always may).")
    List<String> insecure = new ArrayList<>();

    @Option(names = "--registry-config", paramLabel = "FILE",
            description = "A JSON file with \"registry-mirrors\" and \"insecure-registries\", as Docker's daemon.json.")
    Path config;

    @Option(names = "--config", paramLabel = "DIR",
            description = "Docker's client config directory (default: $DOCKER_CONFIG, else ~/.docker).")
    Path dockerConfig;

    /** Docker's config of a command whose environment is {@code commandEnv} ({@code DOCKER_CONFIG}, {@code HOME}), or {@code --config}. */
    DockerConfig dockerConfig(java.util.Map<String, String> commandEnv) {
        java.util.Map<String, String> env = new java.util.HashMap<>(commandEnv);
        if (dockerConfig != null) {
            env.put("DOCKER_CONFIG", dockerConfig.toString());
        }
        return DockerConfig.locate(env);
    }

    RegistryOptions options(TransferListener listener, java.util.Map<String, String> env) {
        List<URI> mirrorUris = new ArrayList<>();
        Set<String> insecureHosts = new HashSet<>(insecure);
        List<String> mirrorTexts = new ArrayList<>(mirrors);
        if (config != null) {
            JsonNode json = readConfig(config);
            json.path("registry-mirrors").forEach(m -> mirrorTexts.add(m.asText()));
            json.path("insecure-registries").forEach(h -> insecureHosts.add(h.asText()));
        }
        for (String m : mirrorTexts) {
            try {
                mirrorUris.add(URI.create(m));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("registry mirror \"" + m + "\" is not a URL");
            }
        }
        // the flags override this machine's configuration (registries.conf, daemon.json)
        return MachineRegistries.withFlags(
                RegistryOptions.defaults().withCredentials(dockerConfig(env)).withListener(listener), mirrorUris,
                insecureHosts, env);
    }

    private static JsonNode readConfig(Path file) {
        try {
            return new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InvalidInputException("registry config " + file + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidInputException("cannot read registry config " + file + ": " + e.getMessage());
        }
    }
}
