package dev.stevedore.plan;

import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Platform;
import java.util.Objects;
import java.util.Optional;

/** What a stage starts from: its FROM, resolved. */
public sealed interface Base {

    /**
     * An image from a registry, the FROM value expanded with the global ARGs and normalized
     * ({@code alpine} → {@code docker.io/library/alpine:latest}).
     *
     * @param platform the FROM's {@code --platform}, expanded; empty means the target platform
     */
    record FromImage(ImageReference ref, Optional<Platform> platform) implements Base {
        public FromImage {
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(platform, "platform");
        }
    }

    /** An earlier stage of the same Dockerfile: the stage starts from its result. */
    record FromStage(int index) implements Base {}

    /** {@code FROM scratch}: an empty file system and config. */
    record FromScratch() implements Base {}

    /** A named build context ({@code --build-context NAME=...}) that shadows an image of that name. */
    record FromContext(NamedContext context) implements Base {
        public FromContext {
            Objects.requireNonNull(context, "context");
        }

        public String name() {
            return context.name();
        }
    }
}
