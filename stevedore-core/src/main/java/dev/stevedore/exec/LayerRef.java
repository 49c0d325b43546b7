package dev.stevedore.exec;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import java.util.Objects;

/**
 * One layer of a stage: the compressed blob in the store and the digest of its uncompressed tar
 * (the diffID, which keys its snapshot).
 */
public record LayerRef(Descriptor blob, Digest diffId) {

    public LayerRef {
        Objects.requireNonNull(blob, "blob");
        Objects.requireNonNull(diffId, "diffId");
    }
}
