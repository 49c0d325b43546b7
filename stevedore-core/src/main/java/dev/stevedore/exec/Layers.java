package dev.stevedore.exec;

import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.diag.UnavailableException;
import dev.stevedore.layer.Layer;
import dev.stevedore.layer.LayerOptions;
import dev.stevedore.store.Blob;
import dev.stevedore.store.BlobWriter;
import dev.stevedore.store.Lease;
import dev.stevedore.store.NoSpace;
import dev.stevedore.store.Store;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The layers of one build: file systems of layer stacks from the {@link Snapshots} port, and the
 * changes of a {@link Snapshots.Workspace} turned into a layer blob in the store (under the
 * build's lease, with its {@code SOURCE_DATE_EPOCH}) and a snapshot.
 */
final class Layers {

    /** An uncompressed tar holding nothing: the two zero blocks that end an archive. */
    private static final long EMPTY_TAR = 1024;

    private final Store store;
    private final Snapshots snapshots;
    private final Lease lease;
    private final SourceDateEpoch epoch;
    private final LazyLayers lazy;

    Layers(Store store, Snapshots snapshots, Lease lease, SourceDateEpoch epoch, LazyLayers lazy) {
        this.lazy = lazy;
        this.epoch = epoch;
        this.store = store;
        this.snapshots = snapshots;
        this.lease = lease;
    }

    /** The layers known from imported caches and not fetched yet. */
    LazyLayers lazy() {
        return lazy;
    }

    SourceDateEpoch epoch() {
        return epoch;
    }

    /**
     * Writes the layer of {@code active}'s changes and commits it as a snapshot; empty when the step
     * changed nothing (BuildKit then records an {@code empty_layer} history entry and no layer).
     */
    Optional<LayerRef> commit(Snapshots.Workspace active, String step) {
        try (BlobWriter writer = store.blobs().writer(lease)) {
            StepPhase diff = StepPhase.start("diff", step);
            Layer layer = active.diff(writer.stream(), epoch.layerOptions());
            diff.done();
            if (layer.uncompressedSize() <= EMPTY_TAR) {
                writer.abort();
                active.abort();
                return Optional.empty();
            }
            StepPhase commit = StepPhase.start("commit", step);
            Blob blob = writer.commit(layer.size(), layer.digest());
            active.commit(layer.diffId());
            commit.done();
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
            throw new InternalException("cannot write the layer of " + step + ": " + e.getMessage(), e);
        }
    }

    /** A writable file system on {@code layers} (bottom first). */
    Snapshots.Workspace prepare(List<LayerRef> layers) {
        lazy.ensure(layers);
        return snapshots.prepare(layers);
    }

    /** A read-only file system of {@code layers} (bottom first). */
    Snapshots.ReadOnlyRoot view(List<LayerRef> layers) {
        lazy.ensure(layers);
        return snapshots.view(layers);
    }
}
