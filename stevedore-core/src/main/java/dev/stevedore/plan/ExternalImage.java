package dev.stevedore.plan;

import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Platform;
import java.util.Comparator;
import java.util.Objects;

/**
 * An image a build pulls: a base image or the source of a {@code COPY --from} or
 * {@code RUN --mount from=}. Two uses of one reference for one platform are one pull.
 *
 * @param ref      normalized, with {@code :latest} when no tag or digest was given
 * @param platform the platform to pull
 */
public record ExternalImage(ImageReference ref, Platform platform) implements Comparable<ExternalImage> {

    private static final Comparator<ExternalImage> ORDER =
            Comparator.comparing((ExternalImage e) -> e.ref().toString()).thenComparing(e -> e.platform().toString());

    public ExternalImage {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(platform, "platform");
    }

    @Override
    public int compareTo(ExternalImage other) {
        return ORDER.compare(this, other);
    }
}
