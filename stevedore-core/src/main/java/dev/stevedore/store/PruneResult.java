package dev.stevedore.store;

import java.util.List;

/**
 * What {@link Store#prune} removed.
 *
 * @param removed    the blobs removed, in digest order
 * @param bytesFreed their total size, plus leftover temp files removed
 */
public record PruneResult(List<Blob> removed, long bytesFreed) {

    public PruneResult {
        removed = List.copyOf(removed);
    }
}
