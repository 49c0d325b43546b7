package dev.stevedore.api.images;

import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageReference;
import java.util.Optional;

/** What an import made: the image id (config digest), its manifest and the tag set, if any. */
public record ImportResult(Digest id, Digest manifest, Optional<ImageReference> tag) {}
