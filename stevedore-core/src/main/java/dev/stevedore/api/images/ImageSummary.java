package dev.stevedore.api.images;

import dev.stevedore.oci.Digest;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.List;
import dev.stevedore.oci.Platform;

/**
 * One row of {@code stevedore images}.
 *
 * @param repository the familiar name ({@code busybox}, not {@code docker.io/library/busybox}),
 *                   or {@code <none>} for an image without a usable tag
 * @param tag        the tag, or {@code <none>}
 * @param id         the image id (config digest)
 * @param digest     the manifest digest
 * @param created    when it was made, from its config (empty when the config does not say)
 * @param size       the bytes of the layers' files, unpacked: what {@code docker images} shows
 * @param compressed the sum of the layer blobs' compressed sizes, what a pull transfers; empty while
 *                   a layer has no compressed form yet (built here: layers are stored
 *                   uncompressed until a push or an export compresses them)
 * @param platforms  the platforms it has: several for a multi-platform image (one index), whose
 *                   id and digest are the index's and whose sizes are the host's image's
 */
public record ImageSummary(String repository, String tag, Digest id, Digest digest, Optional<Instant> created,
        long size, OptionalLong compressed, List<Platform> platforms) {

    /** Checks the components and keeps copies of the mutable ones. */
    public ImageSummary {
        platforms = List.copyOf(platforms);
    }
}
