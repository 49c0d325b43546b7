package dev.stevedore.store;

import dev.stevedore.oci.Digest;
import java.util.Objects;

/** A blob in the store: its digest and its size in bytes. */
public record Blob(Digest digest, long size) {

    public Blob {
        Objects.requireNonNull(digest, "digest");
    }
}
