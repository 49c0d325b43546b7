package dev.stevedore.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.store.Lease;
import dev.stevedore.store.Store;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The results of layer-making steps by the digest of their {@link CacheKey}, in the store's {@code CacheRecords}: the layer
 * (or none, for a step that changed nothing) and when the step first ran (its history time).
 * A record is a hit only while its layer blob is in the store, protected by the build's lease.
 */
final class BuildCache {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final Lease lease;

    BuildCache(Store store, Lease lease) {
        this.store = store;
        this.lease = lease;
    }

    Optional<StepResult> get(CacheKey key) {
        Optional<byte[]> raw = store.cache().getRecord(key.digest());
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(raw.get());
            Instant created = Instant.parse(node.path("created").asText());
            JsonNode layer = node.path("layer");
            if (layer.isMissingNode() || layer.isNull()) {
                return Optional.of(new StepResult(Optional.empty(), created));
            }
            Digest digest = Digest.parse(layer.path("digest").asText());
            lease.protect(digest);
            if (!store.blobs().exists(digest)) {
                return Optional.empty();
            }
            Descriptor blob = new Descriptor(layer.path("mediaType").asText(), digest, layer.path("size").asLong());
            return Optional.of(new StepResult(Optional.of(new LayerRef(blob, Digest.parse(layer.path("diffId").asText()))),
                    created));
        } catch (IOException | RuntimeException e) {
            // A record we cannot read is a miss; the step runs again and replaces it.
            return Optional.empty();
        }
    }

    void put(CacheKey key, StepResult entry) {
        ObjectNode node = JSON.createObjectNode();
        node.put("created", entry.created().toString());
        // the key itself, part by part, so that a later miss can be explained against it
        node.put("key", new String(key.canonical(), java.nio.charset.StandardCharsets.UTF_8));
        entry.layer().ifPresent(l -> {
            ObjectNode layer = node.putObject("layer");
            layer.put("mediaType", l.blob().mediaType());
            layer.put("digest", l.blob().digest().toString());
            layer.put("size", l.blob().size());
            layer.put("diffId", l.diffId().toString());
        });
        try {
            store.cache().putRecord(key.digest(), JSON.writeValueAsBytes(node),
                    entry.layer().map(l -> List.of(l.blob().digest())).orElse(List.of()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
