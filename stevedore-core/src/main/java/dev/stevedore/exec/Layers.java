package dev.stevedore.exec;

import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.diag.UnavailableException;
import dev.stevedore.layer.Layer;
import dev.stevedore.layer.LayerOptions;
import dev.stevedore.snapshot.Active;
import dev.stevedore.snapshot.Snapshot;
import dev.stevedore.snapshot.Snapshotter;
import dev.stevedore.snapshot.View;
import dev.stevedore.store.Blob;
import dev.stevedore.store.BlobWriter;
import dev.stevedore.store.Lease;
import dev.stevedore.store.NoSpace;
import dev.stevedore.store.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Turns the changes of an {@link Active} into a layer blob and a snapshot; finds the snapshots of a stage. */
final class Layers {

    /** An uncompressed tar holding nothing: the two zero blocks that end an archive. */
    private static final long EMPTY_TAR = 1024;

    /** Tries to mount a stack whose snapshots prunes keep removing: each race is rare, several in a row rarer. */
    private static final int MOUNT_ATTEMPTS = 5;

    private final Store store;
    private final Snapshotter snapshotter;
    private final Lease lease;
    private final SourceDateEpoch epoch;

    Layers(Store store, Snapshotter snapshotter, Lease lease, SourceDateEpoch epoch) {
        this.epoch = epoch;
        this.store = store;
        this.snapshotter = snapshotter;
        this.lease = lease;
    }

    SourceDateEpoch epoch() {
        return epoch;
    }

    Snapshotter snapshotter() {
        return snapshotter;
    }

    /**
     * Writes the layer of {@code active}'s changes and commits it as a snapshot; empty when the step
     * changed nothing (BuildKit then records an {@code empty_layer} history entry and no layer).
     */
    Optional<LayerRef> commit(Active active, String step) {
        try (BlobWriter writer = store.blobs().writer(lease)) {
            Layer layer = active.diff(writer.stream(), epoch.layerOptions());
            if (layer.uncompressedSize() <= EMPTY_TAR) {
                writer.abort();
                active.abort();
                return Optional.empty();
            }
            Blob blob = writer.commit(layer.size(), layer.digest());
            active.commit(layer.diffId());
            return Optional.of(new LayerRef(new dev.stevedore.oci.Descriptor(layer.mediaType(), blob.digest(),
                    blob.size()), layer.diffId()));
        } catch (IOException | StevedoreException e) {
            active.close();
            if (NoSpace.is(e)) {
                throw new UnavailableException("no space left on device while writing layer of " + step + " into store "
                        + store.root() + ": free some space (stevedore prune) and build again", e);
            }
            if (e instanceof StevedoreException s) {
                throw s;
            }
            throw new InternalException("cannot write the layer of " + active.upper() + ": " + e.getMessage(), e);
        }
    }

    /** A writable mount of {@code layers} (bottom first) under a fresh upper dir; see {@link #mounted}. */
    Active prepare(List<LayerRef> layers) {
        return mounted(layers, snapshotter::prepare);
    }

    /** A read-only mount of {@code layers} (bottom first); see {@link #mounted}. */
    View view(List<LayerRef> layers) {
        return mounted(layers, snapshotter::view);
    }

    /**
     * Mounts the snapshots of {@code layers}. A prune in another process may remove a snapshot
     * between the moment it is found and the mount (no tagged image needs it yet); the mount then
     * fails, and the layer is extracted again from its blob, which the build's lease keeps.
     */
    private <T> T mounted(List<LayerRef> layers, Function<List<Snapshot>, T> mount) {
        for (int attempt = 1; ; attempt++) {
            List<Snapshot> snapshots = snapshots(layers);
            try {
                return mount.apply(snapshots);
            } catch (NotFoundException e) {
                if (attempt >= MOUNT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** The snapshots of {@code layers} (bottom first), extracted when needed, top first as overlay wants them. */
    private List<Snapshot> snapshots(List<LayerRef> layers) {
        List<Snapshot> top = new ArrayList<>();
        for (LayerRef layer : layers) {
            top.addFirst(snapshotter.ensure(layer.blob(), layer.diffId()));
        }
        return top;
    }
}
