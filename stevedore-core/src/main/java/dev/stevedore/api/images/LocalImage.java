package dev.stevedore.api.images;

import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.output.StoredImage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Platform;
import dev.stevedore.output.StoredIndex;

/**
 * An image of the store with the tags that point at it.
 *
 * @param image the image (for a multi-platform one, the host's platform's)
 * @param tags  the references tagged to this image's manifest, in the order of {@code index.json}
 * @param index the index a multi-platform image is known by; empty for a single image
 */
public record LocalImage(StoredImage image, List<ImageReference> tags, Optional<StoredIndex> index) {

    /** Checks the components and keeps copies of the mutable ones. */
    public LocalImage {
        Objects.requireNonNull(image, "image");
        tags = List.copyOf(tags);
        Objects.requireNonNull(index, "index");
    }

    /**
     * An image that is no index.
     *
     * @param image the image
     * @param tags  the references tagged to its manifest
     */
    public LocalImage(StoredImage image, List<ImageReference> tags) {
        this(image, tags, Optional.empty());
    }

    /**
     * The image id, {@code sha256:} and the config's digest; a multi-platform image's is its
     * index's digest, as Docker's containerd image store shows it.
     *
     * @return the id
     */
    public Digest id() {
        return index.map(i -> i.descriptor().digest()).orElse(image.id());
    }

    /**
     * What the tags point to: the index of a multi-platform image, else the image's manifest.
     *
     * @return the index's or the manifest's descriptor
     */
    public Descriptor top() {
        return index.map(StoredIndex::descriptor).orElse(image.manifestDescriptor());
    }

    /**
     * The platforms of a multi-platform image, in the index's order; the image's own otherwise.
     *
     * @return the platforms
     */
    public List<Platform> platforms() {
        return index.map(i -> i.images().stream().map(StoredIndex.PlatformImage::platform).toList())
                .orElseGet(() -> List.of(image.config().value().platform()));
    }
}
