package dev.stevedore.output;

import dev.stevedore.oci.ImageReference;
import java.util.List;
import java.util.Objects;

/**
 * An image to write into an archive, with the names it goes by there.
 *
 * @param names full references with a tag ({@code docker.io/library/busybox:latest}); may be empty
 */
public record ArchiveImage(StoredImage image, List<ImageReference> names) {

    public ArchiveImage {
        Objects.requireNonNull(image, "image");
        names = List.copyOf(names);
    }
}
