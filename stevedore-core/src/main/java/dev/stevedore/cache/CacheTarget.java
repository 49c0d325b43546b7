package dev.stevedore.cache;

import dev.stevedore.oci.LayerCompression;
import java.util.Objects;

/**
 * One {@code --cache-to}.
 *
 * @param location    where the cache goes
 * @param mode        which steps it holds
 * @param ignoreError {@code ignore-error=true}: a failed export is a warning, not a failed build
 * @param cacheMounts {@code cache-mounts=true}: the contents of the build's {@code RUN --mount=type=cache}
 *                    directories travel too
 * @param compression {@code compression=}, {@code compression-level=}, {@code force-compression=}: how its
 *                    layers travel (gzip unless asked)
 */
public record CacheTarget(CacheLocation location, CacheMode mode, boolean ignoreError, boolean cacheMounts,
                          LayerCompression compression) {
    public CacheTarget {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(compression, "compression");
    }

    /** With its layers in gzip, the default. */
    public CacheTarget(CacheLocation location, CacheMode mode, boolean ignoreError, boolean cacheMounts) {
        this(location, mode, ignoreError, cacheMounts, LayerCompression.GZIP);
    }
}
