package dev.stevedore.registry;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageReference;
import java.util.Optional;

/**
 * What a pull stored.
 *
 * @param reference the reference pulled, normalized
 * @param tag       the name it is tagged under in the store (the full reference)
 * @param manifest  the platform's image manifest
 * @param index     the index the reference resolved to, when it was one: what the tag points to
 *                  (holding in the store the platforms pulled so far and their attestations)
 * @param digest    the digest the reference resolved to in the registry (the index's, when
 *                  there is one): Docker's {@code RepoDigest}
 */
public record PullResult(ImageReference reference, String tag, Descriptor manifest, Optional<Descriptor> index,
                         Digest digest) {

    /** The annotation on the store's tag that records {@code name@digest} the pull resolved to. */
    public static final String REPO_DIGEST = "dev.stevedore.repo.digest";
}
