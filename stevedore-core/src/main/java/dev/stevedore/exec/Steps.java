package dev.stevedore.exec;

import dev.stevedore.oci.Digest;
import dev.stevedore.oci.History;

/** What layer-making steps share: turning a step's result (fresh or cached) into the next state. */
final class Steps {

    private Steps() {}

    /** A layer when the step made one; an {@code empty_layer} history entry when it changed nothing. */
    static StageState withResult(StageState state, BuildCache.Entry entry, String createdBy, Digest key) {
        return entry.layer()
                .map(layer -> state.withLayer(layer, History.layer(entry.created(), createdBy), key))
                .orElseGet(() -> state.withConfig(c -> c, History.emptyLayer(entry.created(), createdBy), key));
    }
}
