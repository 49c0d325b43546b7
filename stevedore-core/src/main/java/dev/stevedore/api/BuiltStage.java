package dev.stevedore.api;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One stage a build ran, as the build report tells it.
 *
 * @param index   the stage's index in the Dockerfile
 * @param name    its name as progress shows it ({@code builder}, or {@code stage-0} when unnamed)
 * @param base    what it started from: an image ({@code busybox:latest}), another stage's name, or
 *                {@code scratch}
 * @param layers  its image's layers, the base's first
 * @param elapsed from its FROM step's start to its last step's end
 * @param steps   the steps progress showed for it, FROM included
 * @param cached  how many of those came from the cache
 * @param target  whether this stage is the build's target, whose image the build wrote
 */
public record BuiltStage(int index, String name, String base, List<Layer> layers, Duration elapsed, int steps,
                         int cached, boolean target) {

    /** Checks the components and keeps a copy of the list. */
    public BuiltStage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(base, "base");
        layers = List.copyOf(layers);
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /**
     * A layer of a stage's image.
     *
     * @param blob   the layer as stored (its digest, size and media type)
     * @param diffId the digest of its uncompressed tar
     */
    public record Layer(Descriptor blob, Digest diffId) {

        /** Checks the components. */
        public Layer {
            Objects.requireNonNull(blob, "blob");
            Objects.requireNonNull(diffId, "diffId");
        }
    }
}
