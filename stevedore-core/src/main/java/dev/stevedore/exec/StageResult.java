package dev.stevedore.exec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one stage of a build made, for reports: the stage's final filesystem is its
 * {@code layers} (its base's included, bottom first).
 *
 * @param index   the stage's index in the Dockerfile
 * @param name    its name as progress shows it ({@code builder}, or {@code stage-0} when unnamed)
 * @param base    what it started from: an image ({@code busybox:latest}), another stage's name,
 *                {@code scratch}, or a named context
 * @param elapsed from its FROM step's start to its last step's end
 * @param steps   the steps progress showed for it, FROM included
 * @param cached  how many of those came from the cache
 * @param target  whether this stage is the build's target, whose image the build wrote
 */
public record StageResult(int index, String name, String base, List<LayerRef> layers, Duration elapsed, int steps,
        int cached, boolean target) {

    public StageResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(base, "base");
        layers = List.copyOf(layers);
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
