package dev.stevedore.store;

/** Bytes used by each part of a store (file sizes, not blocks). */
public record DiskUsage(long blobs, long snapshots, long cache) {

    public long total() {
        return blobs + snapshots + cache;
    }
}
