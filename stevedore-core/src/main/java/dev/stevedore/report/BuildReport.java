package dev.stevedore.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The report of a build: every stage it built (by index), the image, and what multi-stage kept
 * out of it (empty when the target was the only stage built).
 */
public record BuildReport(List<StageReport> stages, ImageReport image, Optional<Saving> saving) {

    public BuildReport {
        stages = List.copyOf(stages);
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(saving, "saving");
    }
}
