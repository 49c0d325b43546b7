package dev.stevedore.exec;

import dev.stevedore.layer.Layer;
import dev.stevedore.layer.LayerOptions;
import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The file systems of layer stacks, as the engine needs them: a port, given to the build. In
 * production overlay snapshots ({@link OverlaySnapshots}); in the engine's own tests copies in
 * temporary directories, so that its rules are tested without root.
 */
public interface Snapshots {

    /** A writable file system on {@code layers} (bottom first); what is written through it can become a layer. */
    Workspace prepare(List<LayerRef> layers);

    /** A read-only file system of {@code layers} (bottom first). */
    ReadOnlyRoot view(List<LayerRef> layers);

    /**
     * A writable root file system. Write through {@link #root()}, then {@link #diff} the changes
     * into a layer and {@link #commit} them as its snapshot, or {@link #abort}; {@link #close}
     * aborts unless committed.
     */
    interface Workspace extends AutoCloseable {

        /** The root file system the step writes to. */
        Path root();

        /** Writes the changes made through {@link #root()} as a layer tar into {@code out}. */
        Layer diff(OutputStream out, LayerOptions options) throws IOException;

        /** Keeps the changes as the snapshot of the layer {@code diffId}. */
        void commit(Digest diffId);

        /** Throws the changes away. */
        void abort();

        @Override
        void close();
    }

    /** A read-only root file system, released on {@link #close()}. */
    interface ReadOnlyRoot extends AutoCloseable {

        Path root();

        @Override
        void close();
    }
}
