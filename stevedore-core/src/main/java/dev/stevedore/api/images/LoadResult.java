package dev.stevedore.api.images;

import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageReference;
import java.util.List;

/**
 * What a load put in the store.
 *
 * @param images each image of the archive, with the tags it was given
 */
public record LoadResult(List<Loaded> images) {

    /** Checks the components and keeps copies of the mutable ones. */
    public LoadResult {
        images = List.copyOf(images);
    }

    /**
     * One image of the archive.
     *
     * @param id   its id (config digest)
     * @param tags its names there, now tags of the store
     */
    public record Loaded(Digest id, List<ImageReference> tags) {
        /** Checks the components and keeps copies of the mutable ones. */
        public Loaded {
            tags = List.copyOf(tags);
        }
    }
}
