package dev.stevedore.snapshot;

import dev.stevedore.diag.InternalException;
import dev.stevedore.fs.FileTrees;
import dev.stevedore.layer.CopyDiffer;
import dev.stevedore.layer.FuseUpperDir;
import dev.stevedore.layer.Layer;
import dev.stevedore.layer.LayerOptions;
import dev.stevedore.layer.OverlayDiffer;
import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A writable overlay mount prepared by {@link Snapshotter#prepare}: the lowers, a fresh
 * {@link #upper()} dir that receives every change, and the mount at {@link #merged()}.
 *
 * <p>Lifecycle: write through {@link #merged()}; then {@link #diff} (or {@link #unmount} and
 * your own {@code OverlayDiffer} on {@link #upper()}); then {@link #commit} to keep the upper dir
 * as the new layer's snapshot, or {@link #abort} to throw it away. {@link #close} aborts unless
 * committed, so try-with-resources never leaves a mount or a directory behind. After commit or
 * abort every method but {@link #close} throws {@link IllegalStateException}. Not for concurrent
 * use by several threads, but safe against it.
 */
public final class Active implements AutoCloseable {

    private enum State { MOUNTED, UNMOUNTED, DONE }

    private final Catalog catalog;
    private final ActiveDir dir;
    private final List<Snapshot> lowers;
    private final SnapshotterKind kind;
    private State state = State.MOUNTED;

    Active(Catalog catalog, ActiveDir dir, List<Snapshot> lowers, SnapshotterKind kind) {
        this.catalog = catalog;
        this.dir = dir;
        this.lowers = List.copyOf(lowers);
        this.kind = kind;
    }

    /** The id of this mount, the name of its directory under {@code snapshots/active/}. */
    public String id() {
        return dir.id();
    }

    /** The root file system of the step: the overlay mount. */
    public Path merged() {
        return dir.merged();
    }

    /** The upper dir: what was written through {@link #merged()}, with overlay whiteouts for deletions. */
    public Path upper() {
        return dir.upper();
    }

    /** The snapshots below, top first, as given to {@code prepare}. */
    public List<Snapshot> lowers() {
        return lowers;
    }

    /** Unmounts {@link #merged()} (lazily, if a process is still inside); the upper dir stays. */
    public synchronized void unmount() {
        requireOpen();
        if (state == State.MOUNTED) {
            try {
                dir.unmount();
            } catch (IOException e) {
                throw new InternalException("cannot unmount " + merged() + ": " + e.getMessage(), e);
            }
            state = State.UNMOUNTED;
        }
    }

    /**
     * Unmounts, then writes the layer of the changes (the upper dir) to {@code out}, which stays
     * open. Directories overlayfs only copied up (unchanged against the lowers, nothing changed
     * inside) are left out. The caller stores the blob and passes {@link Layer#diffId()} to {@link #commit}.
     */
    public synchronized Layer diff(OutputStream out, LayerOptions options) throws IOException {
        unmount();
        return switch (kind) {
            case OVERLAYFS -> OverlayDiffer.diff(upper(), lowerDirs(), out, options);
            case FUSE_OVERLAYFS -> {
                FuseUpperDir.normalize(upper(), lowerDirs());
                yield OverlayDiffer.diff(upper(), lowerDirs(), out, options);
            }
            case NATIVE -> {
                // the upper dir holds only what changed, directories included: nothing to leave out
                CopyDiffer.toUpper(merged(), dir.work(), upper());
                yield OverlayDiffer.diff(upper(), out, options);
            }
        };
    }

    private List<java.nio.file.Path> lowerDirs() {
        return lowers.stream().map(Snapshot::directory).toList();
    }

    /**
     * Unmounts and turns the upper dir, as it is, into the snapshot of the layer {@code diffId}
     * (which the caller computed from it, e.g. with {@link #diff}); nothing is copied. When a
     * snapshot for {@code diffId} exists already, that one is returned and the upper dir removed.
     */
    public synchronized Snapshot commit(Digest diffId) {
        unmount();
        state = State.DONE;
        try {
            Snapshot snapshot = catalog.install(upper(), diffId, FileTrees.bytes(upper()), false, lowers);
            dir.destroy();
            return snapshot;
        } catch (IOException e) {
            Stacks.destroyQuietly(dir, e);
            throw new InternalException("cannot commit " + upper() + " as the snapshot of " + diffId + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            Stacks.destroyQuietly(dir, e);
            throw e;
        }
    }

    /** Unmounts and removes the upper dir, the work dir and the mount point. */
    public synchronized void abort() {
        requireOpen();
        state = State.DONE;
        try {
            dir.destroy();
            catalog.touch(lowers);
        } catch (IOException e) {
            throw new InternalException("cannot remove " + dir.dir() + ": " + e.getMessage(), e);
        }
    }

    /** {@link #abort()} unless committed or aborted already. */
    @Override
    public synchronized void close() {
        if (state != State.DONE) {
            abort();
        }
    }

    private void requireOpen() {
        if (state == State.DONE) {
            throw new IllegalStateException("mount " + id() + " was already committed or aborted");
        }
    }
}
