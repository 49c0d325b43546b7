package dev.stevedore.api.images;

import dev.stevedore.oci.Digest;
import java.util.List;

/**
 * A tag of the store whose image cannot be read (a config that is not JSON, a nested index, a
 * missing blob): listings skip it and name it, so one broken entry never hides the others.
 *
 * @param tags   the names tagged to it, as stored
 * @param digest what they point to
 * @param reason why it cannot be read, a sentence
 */
public record BrokenImage(List<String> tags, Digest digest, String reason) {

    /** Checks the components and keeps copies of the mutable ones. */
    public BrokenImage {
        tags = List.copyOf(tags);
    }

    /**
     * One sentence for the user: what is broken, why, and how to remove it.
     *
     * @return the sentence
     */
    public String sentence() {
        return "image " + String.join(", ", tags) + " is broken: " + reason
                + " (stevedore rmi or stevedore fsck --repair removes its tag)";
    }
}
