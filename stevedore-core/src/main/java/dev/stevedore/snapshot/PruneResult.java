package dev.stevedore.snapshot;

import dev.stevedore.oci.Digest;
import java.util.List;

/** What {@link Snapshotter#prune} removed: the snapshots' keys and the bytes they used. */
public record PruneResult(List<Digest> removed, long bytesFreed) {

    public PruneResult {
        removed = List.copyOf(removed);
    }
}
