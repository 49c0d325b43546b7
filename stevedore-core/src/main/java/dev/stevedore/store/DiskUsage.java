package dev.stevedore.store;

import java.util.List;

/**
 * Bytes used by each part of a store (file sizes, not blocks).
 *
 * @param cache       the cache records themselves
 * @param cacheBlobs  the blobs that only cache records hold, no image (part of {@code blobs}): with
 *                    the cache mounts, what {@code prune --keep-storage} bounds
 * @param cacheMounts the directories of {@code RUN --mount=type=cache}, least recently used first
 */
public record DiskUsage(long blobs, long snapshots, long cache, long cacheBlobs, List<CacheMountUsage> cacheMounts) {

    public DiskUsage {
        cacheMounts = List.copyOf(cacheMounts);
    }

    /** What the cache mounts' contents take. */
    public long cacheMountBytes() {
        return cacheMounts.stream().mapToLong(CacheMountUsage::bytes).sum();
    }

    public long total() {
        return blobs + snapshots + cache + cacheMountBytes();
    }
}
