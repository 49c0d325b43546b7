package dev.stevedore.api;

import dev.stevedore.oci.Digest;
import java.util.List;

/**
 * What a build made.
 *
 * @param imageId        the config digest, as {@code docker images} shows it
 * @param manifestDigest the image manifest's digest, or a multi-platform build's index's (without its attestations; the
 *                       metadata file's {@code containerimage.digest} names the index holding them)
 * @param tags           the normalized references tagged in the store
 * @param pushed         with {@code --push}: each tag pushed, with the digest the registry has
 * @param stages         what each stage built made, by index (for the multi-stage report)
 */
public record BuildResult(Digest imageId, Digest manifestDigest, List<String> tags, List<PushedImage> pushed,
        List<BuiltStage> stages) {

    /** Checks the components and keeps copies of the mutable ones. */
    public BuildResult {
        tags = List.copyOf(tags);
        pushed = List.copyOf(pushed);
        stages = List.copyOf(stages);
    }

    /**
     * A result that pushed nothing and says nothing about its stages.
     *
     * @param imageId        the config digest
     * @param manifestDigest the manifest's digest
     * @param tags           the normalized references tagged in the store
     */
    public BuildResult(Digest imageId, Digest manifestDigest, List<String> tags) {
        this(imageId, manifestDigest, tags, List.of(), List.of());
    }
}
