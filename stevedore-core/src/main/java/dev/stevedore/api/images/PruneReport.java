package dev.stevedore.api.images;

import dev.stevedore.oci.Digest;
import dev.stevedore.store.PruneResult;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Images#prune} removed: untagged images, blobs from the store and extracted layers
 * (snapshots).
 *
 * @param untaggedImages the ids of the untagged images forgotten
 * @param blobs          the blobs removed from the store, and the bytes they held
 * @param snapshots      the extracted layers removed, and the bytes they held
 */
public record PruneReport(List<Digest> untaggedImages, PruneResult blobs,
                          dev.stevedore.snapshot.SnapshotPruneResult snapshots) {

    /** Checks the components and keeps copies of the mutable ones. */
    public PruneReport {
        untaggedImages = List.copyOf(untaggedImages);
        Objects.requireNonNull(blobs, "blobs");
        Objects.requireNonNull(snapshots, "snapshots");
    }

    /**
     * The bytes the prune freed: blobs and snapshots together.
     *
     * @return the bytes
     */
    public long bytesFreed() {
        return blobs.bytesFreed() + snapshots.bytesFreed();
    }
}
