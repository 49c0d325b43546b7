package dev.stevedore.exec;

import dev.stevedore.oci.History;
import dev.stevedore.oci.ImageConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * History times, as BuildKit's image exporter gives them. A config-only step (ENV, CMD, ...) is
 * recorded undated (dated by {@code SOURCE_DATE_EPOCH} when set) and dated when the image is
 * written: by the step before it, or, when no step of the build came before it (an ENV right after
 * {@code FROM}), by the build's first new layer, not by the base image's last step; with no new
 * layer at all, by the last dated step. The config's {@code created} is its last step's time. So a
 * build whose layer steps all come from the cache writes the same config, and the same image ID,
 * again.
 */
final class Times {

    private Times() {}

    /** {@code config} with each undated history entry dated, and its {@code created} set, by the rules above. */
    static ImageConfig dated(ImageConfig config) {
        List<History> history = config.history();
        // the first dated entry after an undated one (the build's first new layer), else the last dated one
        Optional<Instant> fill = Optional.empty();
        boolean undatedSeen = false;
        for (History h : history) {
            if (h.created().isPresent()) {
                fill = h.created();
                if (undatedSeen) {
                    break;
                }
            } else {
                undatedSeen = true;
            }
        }
        List<History> dated = new ArrayList<>(history.size());
        undatedSeen = false;
        for (History h : history) {
            if (h.created().isEmpty()) {
                undatedSeen = true;
                dated.add(new History(fill, h.createdBy(), h.author(), h.comment(), h.emptyLayer()));
            } else {
                if (undatedSeen) {
                    fill = h.created();
                }
                dated.add(h);
            }
        }
        ImageConfig out = config.withHistory(dated);
        Optional<Instant> last = dated.reversed().stream().flatMap(h -> h.created().stream()).findFirst();
        return out.withCreated(last.or(config::created).orElse(Instant.EPOCH));
    }
}
