package dev.stevedore.report;

import java.util.Objects;

/**
 * What multi-stage kept out of the image: the final image against the largest stage that is not
 * the target (by {@link Size#bytes()}).
 *
 * @param stage      that stage's name
 * @param stageBytes its size
 * @param imageBytes the final image's size
 */
public record Saving(String stage, long stageBytes, long imageBytes) {

    public Saving {
        Objects.requireNonNull(stage, "stage");
    }

    /**
     * The share of the stage's bytes the image does not carry, in percent:
     * {@code 100 × (1 − imageBytes / stageBytes)}, 0 when the image is as large or larger.
     */
    public double keptOutPercent() {
        if (stageBytes <= 0 || imageBytes >= stageBytes) {
            return 0;
        }
        return 100.0 * (stageBytes - imageBytes) / stageBytes;
    }
}
