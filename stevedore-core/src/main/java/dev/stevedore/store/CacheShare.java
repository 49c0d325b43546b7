package dev.stevedore.store;

import dev.stevedore.oci.Digest;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The build cache's share of the blobs: those that cache records reference and no image needs,
 * each counted once; and what removing a record frees (the blobs only it held). For {@code du}
 * and for {@link CacheLimit}.
 */
final class CacheShare {

    private final Map<Digest, Integer> holders = new HashMap<>();
    private final Map<Digest, Long> sizes = new HashMap<>();
    private long bytes;

    /**
     * @param references the blobs of each record, by key
     * @param needed     the blobs images need (which the cache shares but does not own)
     */
    CacheShare(Map<Digest, Set<Digest>> references, Set<Digest> needed, BlobStore blobs) {
        references.values().forEach(refs -> refs.stream().filter(d -> !needed.contains(d)).forEach(d -> {
            if (holders.merge(d, 1, Integer::sum) == 1) {
                try {
                    long size = blobs.size(d);
                    sizes.put(d, size);
                    bytes += size;
                } catch (dev.stevedore.diag.NotFoundException gone) {
                    // a record whose blob is gone (fsck names it): it holds nothing
                }
            }
        }));
    }

    /** The bytes of the blobs only the cache holds. */
    long bytes() {
        return bytes;
    }

    /** Forgets a record holding {@code refs}: the blobs no other record holds leave the share. */
    void remove(Set<Digest> refs) {
        for (Digest d : refs) {
            Integer left = holders.computeIfPresent(d, (k, n) -> n == 1 ? null : n - 1);
            if (left == null && sizes.containsKey(d)) {
                bytes -= sizes.remove(d);
            }
        }
    }
}
