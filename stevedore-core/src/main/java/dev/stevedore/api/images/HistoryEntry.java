package dev.stevedore.api.images;

import java.time.Instant;
import java.util.Optional;

/**
 * One line of {@code stevedore history}, newest first.
 *
 * @param image     the image id for the newest entry, {@code <missing>} for the others (as Docker
 *                  shows steps of images it did not build itself)
 * @param size      the size of the step's layer blob, 0 for an empty-layer step
 */
public record HistoryEntry(String image, Optional<Instant> created, String createdBy, long size, String comment) {}
