package dev.stevedore.api;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageReference;
import java.util.Objects;

/**
 * An image pushed to a registry.
 *
 * @param reference    where it went
 * @param pushed       the manifest (or index) the registry now holds, with its digest and size
 * @param blobsSent    the layers and configs uploaded
 * @param blobsSkipped those the registry had already, not sent again
 */
public record PushedImage(ImageReference reference, Descriptor pushed, int blobsSent, int blobsSkipped) {

    /** Checks the components. */
    public PushedImage {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(pushed, "pushed");
    }
}
