package dev.stevedore.api.images;

import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageReference;
import java.util.Optional;

/**
 * What an import made.
 *
 * @param id       the image id (config digest)
 * @param manifest its manifest's digest
 * @param tag      the tag set, if one was given
 */
public record ImportResult(Digest id, Digest manifest, Optional<ImageReference> tag) {}
