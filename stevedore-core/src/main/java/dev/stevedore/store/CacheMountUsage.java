package dev.stevedore.store;

import java.time.Instant;

/**
 * What one cache mount ({@code RUN --mount=type=cache}) takes, for {@code du}.
 *
 * @param id       the mount's id (its target by default; an id seeded {@code from} another stage
 *                 spans lines, shown joined by commas)
 * @param bytes    what its contents take
 * @param lastUsed when a RUN last mounted it
 */
public record CacheMountUsage(String id, long bytes, Instant lastUsed) {}
