package dev.stevedore.cache;

import java.util.Objects;

/**
 * One {@code --cache-to}.
 *
 * @param location    where the cache goes
 * @param mode        which steps it holds
 * @param ignoreError {@code ignore-error=true}: a failed export is a warning, not a failed build
 * @param cacheMounts {@code cache-mounts=true}: the contents of the build's {@code RUN --mount=type=cache}
 *                    directories travel too
 */
public record CacheTarget(CacheLocation location, CacheMode mode, boolean ignoreError, boolean cacheMounts) {
    public CacheTarget {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(mode, "mode");
    }
}
