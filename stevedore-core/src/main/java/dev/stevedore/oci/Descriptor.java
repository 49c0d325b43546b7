package dev.stevedore.oci;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An OCI content descriptor: what a manifest, an index or {@code index.json} says about a
 * blob it points to.
 *
 * @param annotations never null; empty when the descriptor has none
 * @param platform    set on the entries of an image index
 */
public record Descriptor(
        String mediaType, Digest digest, long size, Map<String, String> annotations, Optional<Platform> platform) {

    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        annotations = Map.copyOf(annotations);
        Objects.requireNonNull(platform, "platform");
    }

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, Map.of(), Optional.empty());
    }
}
