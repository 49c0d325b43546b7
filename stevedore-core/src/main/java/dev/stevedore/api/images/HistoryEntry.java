package dev.stevedore.api.images;

import java.time.Instant;
import java.util.Optional;

/**
 * One line of {@code stevedore history}, newest first.
 *
 * @param image     the image id for the newest entry, {@code <missing>} for the others (as Docker
 *                  shows steps of images it did not build itself)
 * @param created   when the step ran, if the image says
 * @param createdBy the step's instruction, as the image's history records it
 * @param size      the size of the step's layer blob, 0 for an empty-layer step
 * @param comment   the history entry's comment, empty when it has none
 */
public record HistoryEntry(String image, Optional<Instant> created, String createdBy, long size, String comment) {}
