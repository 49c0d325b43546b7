package dev.stevedore.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The report of a build: every stage it built (by index), the image, and what multi-stage kept
 * out of it (empty when the target was the only stage built), and, package by package, what each
 * builder stage had that the image has not.
 */
public record BuildReport(List<StageReport> stages, ImageReport image, Optional<Saving> saving,
                          List<PackageView> packages) {

    public BuildReport {
        stages = List.copyOf(stages);
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(saving, "saving");
        packages = List.copyOf(packages);
    }

    /** A report without the package view. */
    public BuildReport(List<StageReport> stages, ImageReport image, Optional<Saving> saving) {
        this(stages, image, saving, List.of());
    }
}
