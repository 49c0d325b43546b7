package dev.stevedore.cache;

import dev.stevedore.oci.Digest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A shared cache as read by a build: its records by key, and where its layers are. Only its
 * manifest and config have been read; a layer is fetched from {@link #origin()} when a hit needs it.
 */
public record ImportedCache(CacheLocation location, Map<Digest, CacheRecord> records, BlobOrigin origin) {

    public ImportedCache {
        records = Map.copyOf(records);
    }

    static ImportedCache of(CacheLocation location, List<CacheRecord> list, BlobOrigin origin) {
        Map<Digest, CacheRecord> byKey = new LinkedHashMap<>();
        list.forEach(r -> byKey.putIfAbsent(r.key(), r));
        return new ImportedCache(location, byKey, origin);
    }

    public Optional<CacheRecord> get(Digest key) {
        return Optional.ofNullable(records.get(key));
    }
}
