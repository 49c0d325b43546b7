package dev.stevedore.plan;

import java.util.Objects;

/** What a {@code COPY --from} or {@code RUN --mount from=} value refers to, resolved. */
public sealed interface SourceRef {

    /** A stage of this Dockerfile, by index. */
    record StageRef(int index) implements SourceRef {}

    /** An image pulled for the purpose. */
    record ImageRef(ExternalImage image) implements SourceRef {
        public ImageRef {
            Objects.requireNonNull(image, "image");
        }
    }

    /** A named build context. */
    record ContextRef(NamedContext context) implements SourceRef {
        public ContextRef {
            Objects.requireNonNull(context, "context");
        }
    }
}
