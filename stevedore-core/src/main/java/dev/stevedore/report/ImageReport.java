package dev.stevedore.report;

import dev.stevedore.oci.Digest;
import java.util.List;
import java.util.Objects;

/**
 * The per-image part of the report: what the image is made of and what should not be in it.
 *
 * @param id       the image id (config digest)
 * @param size     the sum of its layers' sizes
 * @param layers   bottom first
 * @param findings duplicated files by layer, then build tools, then secret files, then secret env
 */
public record ImageReport(Digest id, Size size, List<LayerReport> layers, List<Finding> findings) {

    public ImageReport {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(size, "size");
        layers = List.copyOf(layers);
        findings = List.copyOf(findings);
    }
}
