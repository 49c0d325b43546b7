package dev.stevedore.exec;

import dev.stevedore.oci.Digest;
import dev.stevedore.oci.History;
import dev.stevedore.oci.ImageConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A stage between two steps: the image so far (config with history, layers bottom first) and the
 * cache key of everything that made it. Each step maps one state to the next; states are never
 * changed, so a finished stage's state can be read by any number of stages that copy from it.
 */
public record StageState(ImageConfig config, List<LayerRef> layers, Digest cacheKey) {

    public StageState {
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
        Objects.requireNonNull(cacheKey, "cacheKey");
    }

    /** This state with one more layer on top, its history entry, and a new key. */
    public StageState withLayer(LayerRef layer, History history, Digest key) {
        List<LayerRef> more = new ArrayList<>(layers);
        more.add(layer);
        return new StageState(config.withLayer(layer.diffId(), history), more, key);
    }

    /**
     * This state after a step that made {@code result}: a layer with its history entry when the
     * step made one, else an {@code empty_layer} history entry (BuildKit's record of a step that
     * changed nothing).
     */
    StageState withResult(StepResult result, String createdBy, Digest key) {
        return result.layer()
                .map(layer -> withLayer(layer, History.layer(result.created(), createdBy).ofDockerfile(), key))
                .orElseGet(() -> withConfig(c -> c, History.emptyLayer(result.created(), createdBy).ofDockerfile(),
                        key));
    }

    /** This state with its config changed and one more history entry (no layer). */
    public StageState withConfig(UnaryOperator<ImageConfig> change, History history, Digest key) {
        return new StageState(change.apply(config).withHistory(history), layers, key);
    }
}
