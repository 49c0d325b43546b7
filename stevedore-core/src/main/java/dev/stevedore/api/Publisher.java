package dev.stevedore.api;

import dev.stevedore.oci.ImageReference;
import dev.stevedore.registry.PushResult;
import dev.stevedore.registry.RegistryClient;
import dev.stevedore.registry.RegistryOptions;
import dev.stevedore.store.Store;

/** A build's pushes. */
final class Publisher {

    private Publisher() {}

    /** Pushes {@code tag} (already tagged in the store) to its registry. */
    static PushResult push(Store store, ImageReference tag, RegistryOptions options) {
        try (RegistryClient client = new RegistryClient(options)) {
            return client.push(store, tag.toString(), tag);
        }
    }
}
