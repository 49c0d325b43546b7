package dev.stevedore.output;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageReference;
import java.util.List;
import java.util.Objects;

/**
 * An image to write into an archive, with the names it goes by there.
 *
 * @param names full references with a tag ({@code docker.io/library/busybox:latest}); may be empty
 * @param top   what the names point to: the image's manifest, or an index holding it beside its
 *              attestations (which an OCI archive keeps and a docker archive cannot)
 */
public record ArchiveImage(StoredImage image, List<ImageReference> names, Descriptor top) {

    public ArchiveImage {
        Objects.requireNonNull(image, "image");
        names = List.copyOf(names);
        Objects.requireNonNull(top, "top");
    }

    /** The image alone, under {@code names}. */
    public ArchiveImage(StoredImage image, List<ImageReference> names) {
        this(image, names, image.manifestDescriptor());
    }
}
