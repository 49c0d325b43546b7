package dev.stevedore.snapshot;

import dev.stevedore.oci.Digest;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A committed snapshot: an extracted layer (or a flattened stack of them) on disk, read-only
 * from now on and usable as an overlay lower dir.
 *
 * @param key       the layer's diffID; for a flattened stack, the stack's chain ID
 * @param id        the short id, the directory name under {@code snapshots/}
 * @param directory the file tree, {@code snapshots/<id>/fs}
 */
public record Snapshot(Digest key, String id, Path directory) {

    public Snapshot {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(directory, "directory");
    }
}
