package dev.stevedore.store;

/**
 * Bytes used by each part of a store (file sizes, not blocks).
 *
 * @param cache      the cache records themselves
 * @param cacheBlobs the blobs that only cache records hold, no image (part of {@code blobs}): what
 *                   {@code prune --keep-storage} bounds
 */
public record DiskUsage(long blobs, long snapshots, long cache, long cacheBlobs) {

    public long total() {
        return blobs + snapshots + cache;
    }
}
