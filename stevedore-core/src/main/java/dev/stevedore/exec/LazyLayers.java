package dev.stevedore.exec;

import dev.stevedore.cache.BlobOrigin;
import dev.stevedore.oci.Digest;
import dev.stevedore.store.Lease;
import dev.stevedore.store.Store;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Layers a build knows from an imported cache but has not fetched: a hit costs nothing until its
 * content is needed (a later step runs on it, a COPY --from reads it, the image is written), and
 * then only that layer is fetched, once.
 */
final class LazyLayers {

    private final Store store;
    private final Lease lease;
    private final Map<Digest, BlobOrigin> origins = new ConcurrentHashMap<>();

    LazyLayers(Store store, Lease lease) {
        this.store = store;
        this.lease = lease;
    }

    /** Remembers where {@code layer} is, for when its content is needed. */
    void note(LayerRef layer, BlobOrigin origin) {
        origins.putIfAbsent(layer.blob().digest(), origin);
    }

    /** Where each noted layer came from, by blob digest (for an export that mounts rather than downloads). */
    Map<Digest, BlobOrigin> origins() {
        return Map.copyOf(origins);
    }

    /** Fetches every layer of {@code layers} that the store lacks. */
    void ensure(List<LayerRef> layers) {
        for (LayerRef layer : layers) {
            Digest digest = layer.blob().digest();
            if (store.blobs().exists(digest)) {
                continue;
            }
            BlobOrigin origin = origins.get(digest);
            if (origin == null) {
                continue; // not ours: the snapshotter reports the missing blob in its own words
            }
            synchronized (origin) {
                lease.protect(digest);
                if (!store.blobs().exists(digest)) {
                    origin.fetch(layer.blob(), store, lease);
                }
            }
        }
    }
}
