package dev.stevedore.report;

import dev.stevedore.exec.StageResult;
import java.util.Objects;

/** One stage of a build, with the size of its final filesystem (the sum of its layers, its base's included). */
public record StageReport(StageResult stage, Size size) {

    public StageReport {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(size, "size");
    }
}
