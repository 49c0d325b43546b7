package dev.stevedore.api.images;

import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageReference;
import java.util.List;

/** What a load put in the store: each image with the tags it was given. */
public record LoadResult(List<Loaded> images) {

    public LoadResult {
        images = List.copyOf(images);
    }

    /** One image of the archive: its id (config digest) and its names there. */
    public record Loaded(Digest id, List<ImageReference> tags) {
        public Loaded {
            tags = List.copyOf(tags);
        }
    }
}
