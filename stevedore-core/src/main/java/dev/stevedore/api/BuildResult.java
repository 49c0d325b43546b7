package dev.stevedore.api;

import dev.stevedore.registry.PushResult;
import dev.stevedore.oci.Digest;
import java.util.List;

/**
 * What a build made.
 *
 * @param imageId        the config digest, as {@code docker images} shows it
 * @param manifestDigest the manifest's digest ({@code containerimage.digest})
 * @param tags           the normalized references tagged in the store
 * @param pushed         with {@code --push}: each tag pushed, with the digest the registry has
 */
public record BuildResult(Digest imageId, Digest manifestDigest, List<String> tags, List<PushResult> pushed) {

    public BuildResult {
        tags = List.copyOf(tags);
        pushed = List.copyOf(pushed);
    }

    /** A result that pushed nothing. */
    public BuildResult(Digest imageId, Digest manifestDigest, List<String> tags) {
        this(imageId, manifestDigest, tags, List.of());
    }
}
