package dev.stevedore.exec;

import dev.stevedore.oci.History;
import dev.stevedore.oci.ImageConfig;
import java.time.Instant;
import java.util.List;

/**
 * History times. A config-only step takes the time of the step before it, so a build whose
 * layer steps all come from the cache writes the same config, and so the same image ID, again.
 */
final class Times {

    private Times() {}

    static Instant last(ImageConfig config) {
        List<History> history = config.history();
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).created().isPresent()) {
                return history.get(i).created().get();
            }
        }
        return config.created().orElse(Instant.EPOCH);
    }
}
