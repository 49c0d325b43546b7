package dev.stevedore.store;

import dev.stevedore.oci.Descriptor;
import java.util.List;

/**
 * What {@link Store#prune} removed.
 *
 * @param untagged   the untagged images forgotten (their index entries), oldest first
 * @param removed    the blobs removed, in digest order
 * @param bytesFreed their total size, plus leftover temp files removed
 * @param records    the cache records removed by a {@link CacheLimit}, least recently used first
 * @param cacheMounts the ids of the cache mounts whose contents a {@link CacheLimit} removed, least
 *                   recently used first (their bytes are in {@code bytesFreed})
 */
public record PruneResult(List<Descriptor> untagged, List<Blob> removed, long bytesFreed,
                          List<dev.stevedore.oci.Digest> records, List<String> cacheMounts) {

    public PruneResult {
        untagged = List.copyOf(untagged);
        removed = List.copyOf(removed);
        records = List.copyOf(records);
        cacheMounts = List.copyOf(cacheMounts);
    }
}
