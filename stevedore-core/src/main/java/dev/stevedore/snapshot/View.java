package dev.stevedore.snapshot;

import dev.stevedore.diag.InternalException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A read-only overlay mount of snapshots made by {@link Snapshotter#view}: what an image (or
 * a stage) looks like, for {@code COPY --from} sources and {@code stevedore run}. Closing it
 * unmounts and removes the mount point; closing twice does nothing.
 */
public final class View implements AutoCloseable {

    private final ActiveDir dir;
    private final List<Snapshot> lowers;
    private boolean closed;

    View(ActiveDir dir, List<Snapshot> lowers) {
        this.dir = dir;
        this.lowers = List.copyOf(lowers);
    }

    /** The root of the mounted file tree. */
    public Path root() {
        return dir.merged();
    }

    /** The snapshots mounted, top first. */
    public List<Snapshot> lowers() {
        return lowers;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                dir.destroy();
            } catch (IOException e) {
                throw new InternalException("cannot unmount " + root() + ": " + e.getMessage(), e);
            }
        }
    }
}
