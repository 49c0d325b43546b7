package dev.stevedore.exec;

import dev.stevedore.oci.Digest;
import dev.stevedore.oci.Platform;
import java.util.Objects;

/**
 * A base image a build used (FROM, COPY --from, RUN --mount from=), as provenance names it.
 *
 * @param reference the normalized reference it was found by
 * @param manifest  the digest of the image manifest used
 * @param platform  the platform it was resolved for
 */
public record ResolvedBase(String reference, Digest manifest, Platform platform) {

    public ResolvedBase {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(platform, "platform");
    }
}
