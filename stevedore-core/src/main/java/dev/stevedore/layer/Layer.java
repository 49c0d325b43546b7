package dev.stevedore.layer;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;

/**
 * A layer blob as written: what a manifest ({@link #descriptor()}) and an image config
 * ({@link #diffId()}) need.
 *
 * @param diffId           sha256 of the uncompressed tar
 * @param digest           sha256 of the blob as written (compressed)
 * @param size             bytes of the blob as written
 * @param uncompressedSize bytes of the tar
 */
public record Layer(Digest diffId, Digest digest, long size, long uncompressedSize, String mediaType) {

    public Descriptor descriptor() {
        return new Descriptor(mediaType, digest, size);
    }
}
