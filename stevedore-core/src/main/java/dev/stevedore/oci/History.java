package dev.stevedore.oci;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of an image's history, as {@code docker history} shows it. Empty strings mean
 * absent, as in the JSON (which omits them).
 *
 * @param createdBy  the instruction, e.g. {@code RUN /bin/sh -c apk add curl # buildkit}
 * @param emptyLayer true when the step changed only the config and made no layer
 */
public record History(Optional<Instant> created, String createdBy, String author, String comment,
        boolean emptyLayer) {

    public History {
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(comment, "comment");
    }

    /** A step that made a layer. */
    public static History layer(Instant created, String createdBy) {
        return new History(Optional.of(created), createdBy, "", "", false);
    }

    /** A step that changed only the config. */
    public static History emptyLayer(Instant created, String createdBy) {
        return new History(Optional.of(created), createdBy, "", "", true);
    }

    /**
     * The comment BuildKit's Dockerfile frontend gives every step it records, which {@code docker
     * history} shows and scripts look for.
     */
    public static final String DOCKERFILE_COMMENT = "buildkit.dockerfile.v0";

    /** This entry as a Dockerfile step records it: with {@link #DOCKERFILE_COMMENT}. */
    public History ofDockerfile() {
        return new History(created, createdBy, author, DOCKERFILE_COMMENT, emptyLayer);
    }
}
