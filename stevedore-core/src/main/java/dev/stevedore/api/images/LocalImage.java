package dev.stevedore.api.images;

import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.output.StoredImage;
import java.util.List;
import java.util.Objects;

/**
 * An image of the store with the tags that point at it.
 *
 * @param tags the references tagged to this image's manifest, in the order of {@code index.json}
 */
public record LocalImage(StoredImage image, List<ImageReference> tags) {

    public LocalImage {
        Objects.requireNonNull(image, "image");
        tags = List.copyOf(tags);
    }

    /** The image id, {@code sha256:} and the config's digest. */
    public Digest id() {
        return image.id();
    }
}
