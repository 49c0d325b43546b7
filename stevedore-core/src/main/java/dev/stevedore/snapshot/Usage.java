package dev.stevedore.snapshot;

import java.util.List;

/** The snapshots on disk, ordered by short id, and what they use together. */
public record Usage(List<SnapshotUsage> snapshots) {

    public Usage {
        snapshots = List.copyOf(snapshots);
    }

    public long totalBytes() {
        return snapshots.stream().mapToLong(SnapshotUsage::bytes).sum();
    }
}
