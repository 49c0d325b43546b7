package dev.stevedore.api;

import dev.stevedore.api.edge.EngineValues;
import java.util.Map;
import dev.stevedore.output.OutputTarget;
import dev.stevedore.registry.RegistryOptions;
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
 * @param credentials        credentials asked first, before Docker's config (the Maven plugin's
 *                           {@code settings.xml} servers); {@link RegistryCredentials#NONE} by default
 */
public record Distribution(List<OutputTarget> outputs, boolean push, boolean pull, List<String> registryMirrors,
                           List<String> insecureRegistries, Optional<Path> dockerConfig,
                           RegistryCredentials credentials) {

    /** Checks the components and keeps copies of the mutable ones. */
    public Distribution {
        outputs = List.copyOf(outputs);
        registryMirrors = List.copyOf(registryMirrors);
        insecureRegistries = List.copyOf(insecureRegistries);
        Objects.requireNonNull(dockerConfig, "dockerConfig");
        Objects.requireNonNull(credentials, "credentials");
    }

    /**
     * Without credentials of its own: Docker's config alone.
     *
     * @param outputs            {@code -o/--output}: exports besides the store
     * @param push               {@code --push}: push every tag
     * @param pull               {@code --pull}: ask the registry for every base image
     * @param registryMirrors    Docker Hub mirrors (URLs), tried in order
     * @param insecureRegistries {@code host[:port]} reachable over plain http
     * @param dockerConfig       Docker's client config directory; empty: the default
     */
    public Distribution(List<OutputTarget> outputs, boolean push, boolean pull, List<String> registryMirrors,
                        List<String> insecureRegistries, Optional<Path> dockerConfig) {
        this(outputs, push, pull, registryMirrors, insecureRegistries, dockerConfig, RegistryCredentials.NONE);
    }

    /**
     * No exports, no push, pull only what the store lacks, Docker's default registries and credentials.
     *
     * @return the defaults
     */
    public static Distribution defaults() {
        return new Distribution(List.of(), false, false, List.of(), List.of(), Optional.empty());
    }

    /**
     * This value with another {@link #outputs()}.
     *
     * @param o the exports
     * @return the copy
     */
    public Distribution withOutputs(List<OutputTarget> o) {
        return new Distribution(o, push, pull, registryMirrors, insecureRegistries, dockerConfig, credentials);
    }

    /**
     * This value with another {@link #push()}.
     *
     * @param p whether to push
     * @return the copy
     */
    public Distribution withPush(boolean p) {
        return new Distribution(outputs, p, pull, registryMirrors, insecureRegistries, dockerConfig, credentials);
    }

    /**
     * This value with another {@link #pull()}.
     *
     * @param p whether to pull every base
     * @return the copy
     */
    public Distribution withPull(boolean p) {
        return new Distribution(outputs, push, p, registryMirrors, insecureRegistries, dockerConfig, credentials);
    }

    /**
     * This value with another {@link #registryMirrors()}.
     *
     * @param m the mirrors
     * @return the copy
     */
    public Distribution withRegistryMirrors(List<String> m) {
        return new Distribution(outputs, push, pull, m, insecureRegistries, dockerConfig, credentials);
    }

    /**
     * This value with another {@link #insecureRegistries()}.
     *
     * @param i the insecure registries
     * @return the copy
     */
    public Distribution withInsecureRegistries(List<String> i) {
        return new Distribution(outputs, push, pull, registryMirrors, i, dockerConfig, credentials);
    }

    /**
     * This value with another {@link #dockerConfig()}.
     *
     * @param dir Docker's client config directory
     * @return the copy
     */
    public Distribution withDockerConfig(Path dir) {
        return new Distribution(outputs, push, pull, registryMirrors, insecureRegistries, Optional.of(dir), credentials);
    }

    /**
     * This value with another {@link #credentials()}.
     *
     * @param c the logins asked first
     * @return the copy
     */
    public Distribution withCredentials(RegistryCredentials c) {
        return new Distribution(outputs, push, pull, registryMirrors, insecureRegistries, dockerConfig, c);
    }

    /**
     * The registry client options these settings make, over this machine's registry configuration:
     * what a build uses, for a caller that pushes or pulls by itself ({@link dev.stevedore.api.images.Images#push}).
     *
     * @return the options
     */
    public RegistryOptions registryOptions() {
        return registryOptions(System.getenv());
    }

    /**
     * The same, with the environment of the caller (the warm server runs commands for clients).
     *
     * @param callerEnv the caller's environment ({@code DOCKER_CONFIG}, {@code HOME})
     * @return the options
     */
    public RegistryOptions registryOptions(Map<String, String> callerEnv) {
        return EngineValues.registryOptions(this, callerEnv);
    }
}
