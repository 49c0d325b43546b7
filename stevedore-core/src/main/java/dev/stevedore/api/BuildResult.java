package dev.stevedore.api;

import dev.stevedore.oci.Digest;
import java.util.List;

/**
 * What a build made.
 *
 * @param imageId        the config digest, as {@code docker images} shows it
 * @param manifestDigest the manifest's digest ({@code containerimage.digest})
 * @param tags           the normalized references tagged in the store
 */
public record BuildResult(Digest imageId, Digest manifestDigest, List<String> tags) {

    public BuildResult {
        tags = List.copyOf(tags);
    }
}
