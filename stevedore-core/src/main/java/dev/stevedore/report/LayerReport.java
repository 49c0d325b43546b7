package dev.stevedore.report;

import dev.stevedore.oci.Digest;
import java.util.Objects;

/**
 * One layer of the final image.
 *
 * @param number    1 = bottom
 * @param digest    the blob's digest
 * @param createdBy the instruction that made it: its history entry's {@code created_by}
 *                  (entries with {@code empty_layer} skipped), "" when the history does not say
 */
public record LayerReport(int number, Digest digest, String createdBy, Size size) {

    public LayerReport {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(size, "size");
    }
}
