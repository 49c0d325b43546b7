package dev.stevedore.oci;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code HEALTHCHECK} of an image (a Docker extension of the OCI config). Zero durations
 * and retries mean "Docker's default" and are omitted from the JSON, which writes durations
 * as integer nanoseconds.
 *
 * @param test {@code ["NONE"]}, {@code ["CMD", args...]} or {@code ["CMD-SHELL", command]}
 */
public record Healthcheck(List<String> test, Duration interval, Duration timeout, Duration startPeriod,
        Duration startInterval, int retries) {

    public Healthcheck {
        test = List.copyOf(test);
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(startPeriod, "startPeriod");
        Objects.requireNonNull(startInterval, "startInterval");
    }

    /** {@code HEALTHCHECK NONE}: disables a check inherited from the base image. */
    public static Healthcheck none() {
        return new Healthcheck(List.of("NONE"), Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);
    }
}
