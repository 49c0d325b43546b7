package dev.stevedore.exec;

import dev.stevedore.oci.Descriptor;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a build made, in the store but not yet tagged: one image per target platform and, for
 * more than one platform, the OCI image index of them, which is what a multi-platform build's
 * names point to (as BuildKit's image exporter makes it).
 *
 * @param images one per platform, in the order of {@code --platform}
 * @param index  the index of {@code images}; empty for a single-platform build
 * @param cacheManifest the manifest of the shared cache written last by a {@code --cache-to} (not
 *                      inline), BuildKit's {@code cache.manifest}; empty when none was written
 */
public record BuiltImages(List<BuiltImage> images, Optional<Descriptor> index, Optional<Descriptor> cacheManifest) {

    public BuiltImages {
        images = List.copyOf(images);
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(cacheManifest, "cacheManifest");
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a build makes at least one image");
        }
    }

    /** These images, with the manifest of the shared cache written after them. */
    BuiltImages withCacheManifest(Optional<Descriptor> manifest) {
        return new BuiltImages(images, index, manifest);
    }

    /** What the build's names point to: the index, or the one image's manifest. */
    public Descriptor top() {
        return index.orElse(images.getFirst().manifest());
    }

    /** The single platform's image. */
    public BuiltImage only() {
        if (images.size() != 1) {
            throw new IllegalStateException("a multi-platform build made " + images.size() + " images");
        }
        return images.getFirst();
    }
}
