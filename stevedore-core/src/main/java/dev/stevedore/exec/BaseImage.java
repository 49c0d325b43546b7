package dev.stevedore.exec;

import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageConfig;
import java.util.List;

/**
 * An image a stage starts from or copies from, resolved for the target platform.
 *
 * @param reference      the normalized reference it was found by
 * @param manifestDigest the digest of its image manifest (its cache identity)
 */
record BaseImage(String reference, Digest manifestDigest, ImageConfig config, List<LayerRef> layers) {

    BaseImage {
        layers = List.copyOf(layers);
    }
}
