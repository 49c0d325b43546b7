package dev.stevedore.api;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.registry.CredentialSource;
import dev.stevedore.registry.DockerConfig;
import dev.stevedore.registry.PushResult;
import dev.stevedore.registry.RegistryClient;
import dev.stevedore.registry.RegistryOptions;
import dev.stevedore.registry.SystemRegistries;
import dev.stevedore.store.Store;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/** A build's way to registries: the registry options of a request, and its pushes. */
final class Publisher {

    private Publisher() {}

    /**
     * The registry client options {@code d} asks for over this machine's registry configuration
     * ({@link SystemRegistries}), credentials from the distribution's own source, then Docker's config.
     */
    static RegistryOptions registryOptions(Distribution d, Map<String, String> callerEnv) {
        Map<String, String> env = new HashMap<>(callerEnv);
        d.dockerConfig().ifPresent(dir -> env.put("DOCKER_CONFIG", dir.toString()));
        List<URI> mirrors = new ArrayList<>();
        for (String m : d.registryMirrors()) {
            try {
                URI uri = URI.create(m);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new IllegalArgumentException(m);
                }
                mirrors.add(uri);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("registry mirror \"" + m + "\" is not a URL (http://HOST[:PORT])");
            }
        }
        DockerConfig docker = DockerConfig.locate(env);
        CredentialSource own = d.credentials();
        CredentialSource credentials = registry -> own.lookup(registry).or(() -> docker.lookup(registry));
        RegistryOptions base = RegistryOptions.defaults().withCredentials(credentials);
        return SystemRegistries.locate(env).applyTo(base, mirrors, new HashSet<>(d.insecureRegistries()));
    }

    /** Pushes {@code tag} (already tagged in the store) to its registry. */
    static PushResult push(Store store, ImageReference tag, RegistryOptions options) {
        try (RegistryClient client = new RegistryClient(options)) {
            return client.push(store, tag.toString(), tag);
        }
    }
}
