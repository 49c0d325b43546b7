package dev.stevedore.snapshot;

import dev.stevedore.oci.Digest;
import java.util.List;

/** What {@link Snapshotter#prune} removed: the snapshots' keys and the bytes they used. */
public record SnapshotPruneResult(List<Digest> removed, long bytesFreed) {

    public SnapshotPruneResult {
        removed = List.copyOf(removed);
    }
}
