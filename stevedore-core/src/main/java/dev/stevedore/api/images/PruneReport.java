package dev.stevedore.api.images;

import dev.stevedore.store.PruneResult;
import java.util.Objects;

/** What {@link Images#prune} removed: blobs from the store and extracted layers (snapshots). */
public record PruneReport(PruneResult blobs, dev.stevedore.snapshot.SnapshotPruneResult snapshots) {

    public PruneReport {
        Objects.requireNonNull(blobs, "blobs");
        Objects.requireNonNull(snapshots, "snapshots");
    }

    public long bytesFreed() {
        return blobs.bytesFreed() + snapshots.bytesFreed();
    }
}
