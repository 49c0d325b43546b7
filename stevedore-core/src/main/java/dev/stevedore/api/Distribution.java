package dev.stevedore.api;

import dev.stevedore.output.OutputTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a build's images come from and where its result goes, beyond the local store.
 *
 * @param outputs            {@code -o/--output}: exports besides the store (see {@link OutputSpec})
 * @param push               {@code --push}: push every {@code -t} tag to its registry
 * @param pull               {@code --pull}: ask the registry for every base image, even one the store has
 * @param registryMirrors    {@code --registry-mirror}: Docker Hub mirrors (URLs), tried in order
 * @param insecureRegistries {@code --insecure-registry}: {@code host[:port]} reachable over plain http
 * @param dockerConfig       {@code --config}: Docker's client config directory (credentials); empty means
 *                           {@code $DOCKER_CONFIG}, else {@code ~/.docker}
 */
public record Distribution(List<OutputTarget> outputs, boolean push, boolean pull, List<String> registryMirrors,
                           List<String> insecureRegistries, Optional<Path> dockerConfig) {

    public Distribution {
        outputs = List.copyOf(outputs);
        registryMirrors = List.copyOf(registryMirrors);
        insecureRegistries = List.copyOf(insecureRegistries);
        Objects.requireNonNull(dockerConfig, "dockerConfig");
    }

    /** No exports, no push, pull only what the store lacks, Docker's default registries and credentials. */
    public static Distribution defaults() {
        return new Distribution(List.of(), false, false, List.of(), List.of(), Optional.empty());
    }

    public Distribution withOutputs(List<OutputTarget> o) {
        return new Distribution(o, push, pull, registryMirrors, insecureRegistries, dockerConfig);
    }

    public Distribution withPush(boolean p) {
        return new Distribution(outputs, p, pull, registryMirrors, insecureRegistries, dockerConfig);
    }

    public Distribution withPull(boolean p) {
        return new Distribution(outputs, push, p, registryMirrors, insecureRegistries, dockerConfig);
    }

    public Distribution withRegistryMirrors(List<String> m) {
        return new Distribution(outputs, push, pull, m, insecureRegistries, dockerConfig);
    }

    public Distribution withInsecureRegistries(List<String> i) {
        return new Distribution(outputs, push, pull, registryMirrors, i, dockerConfig);
    }

    public Distribution withDockerConfig(Path dir) {
        return new Distribution(outputs, push, pull, registryMirrors, insecureRegistries, Optional.of(dir));
    }
}
