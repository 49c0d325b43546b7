package dev.stevedore.api;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.output.Exporters;
import dev.stevedore.output.OutputTarget;
import dev.stevedore.output.StoredImage;
import dev.stevedore.registry.DockerConfig;
import dev.stevedore.registry.PushResult;
import dev.stevedore.registry.RegistryClient;
import dev.stevedore.registry.RegistryOptions;
import dev.stevedore.store.Store;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/** A build's way to registries and exports: the registry options of a request, its exports and pushes. */
final class Publisher {

    private Publisher() {}

    /** The registry client options {@code d} asks for, credentials from Docker's config. */
    static RegistryOptions registryOptions(Distribution d) {
        Map<String, String> env = new HashMap<>(System.getenv());
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
        return RegistryOptions.defaults().withCredentials(DockerConfig.locate(env)).withMirrors(mirrors)
                .withInsecure(new HashSet<>(d.insecureRegistries()));
    }

    /** Exports the image to each of {@code outputs}, in order. */
    static void export(StoredImage image, List<OutputTarget> outputs) {
        for (OutputTarget target : outputs) {
            Exporters.export(image, target);
        }
    }

    /** Pushes each of {@code tags} (already tagged in the store) to its registry. */
    static List<PushResult> push(Store store, List<ImageReference> tags, RegistryOptions options) {
        if (tags.isEmpty()) {
            throw new InvalidInputException("--push needs a name to push to: add -t REGISTRY/NAME:TAG");
        }
        List<PushResult> pushed = new ArrayList<>();
        try (RegistryClient client = new RegistryClient(options)) {
            for (ImageReference tag : tags) {
                pushed.add(client.push(store, tag.toString(), tag));
            }
        }
        return pushed;
    }
}
