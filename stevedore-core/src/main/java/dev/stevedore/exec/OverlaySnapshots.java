package dev.stevedore.exec;

import dev.stevedore.diag.NotFoundException;
import dev.stevedore.layer.Layer;
import dev.stevedore.layer.LayerOptions;
import dev.stevedore.oci.Digest;
import dev.stevedore.snapshot.Active;
import dev.stevedore.snapshot.Snapshot;
import dev.stevedore.snapshot.Snapshotter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** {@link Snapshots} on the store's overlay snapshots: each layer extracted once, stacks mounted with overlayfs. */
public final class OverlaySnapshots implements Snapshots {

    /** Tries to mount a stack whose snapshots prunes keep removing: each race is rare, several in a row rarer. */
    private static final int MOUNT_ATTEMPTS = 5;

    private final Snapshotter snapshotter;

    public OverlaySnapshots(Snapshotter snapshotter) {
        this.snapshotter = snapshotter;
    }

    @Override
    public Workspace prepare(List<LayerRef> layers) {
        Active active = mounted(layers, snapshotter::prepare);
        return new Workspace() {
            @Override
            public Path root() {
                return active.merged();
            }

            @Override
            public Layer diff(OutputStream out, LayerOptions options) throws IOException {
                return active.diff(out, options);
            }

            @Override
            public void commit(Digest diffId) {
                active.commit(diffId);
            }

            @Override
            public void abort() {
                active.abort();
            }

            @Override
            public void close() {
                active.close();
            }
        };
    }

    @Override
    public ReadOnlyRoot view(List<LayerRef> layers) {
        var view = mounted(layers, snapshotter::view);
        return new ReadOnlyRoot() {
            @Override
            public Path root() {
                return view.root();
            }

            @Override
            public void close() {
                view.close();
            }
        };
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
