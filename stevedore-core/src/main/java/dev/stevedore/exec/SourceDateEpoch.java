package dev.stevedore.exec;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.layer.LayerOptions;
import dev.stevedore.plan.BuildArgs;
import java.time.Instant;
import java.util.Optional;

/**
 * The build arg {@code SOURCE_DATE_EPOCH} (seconds since 1970, as BuildKit takes it): when set,
 * every history entry and the config are dated by it and layer mtimes later than it are clamped,
 * so the same Dockerfile and context give the same image ID on any store at any time. Builds
 * with and without it (or with another value) never share cache entries: a cached layer keeps
 * the times it was written with.
 */
record SourceDateEpoch(Optional<Instant> value) {

    static final String ARG = "SOURCE_DATE_EPOCH";

    static SourceDateEpoch of(BuildArgs args) {
        return new SourceDateEpoch(args.get(ARG).filter(v -> !v.isBlank()).map(v -> {
            try {
                return Instant.ofEpochSecond(Long.parseLong(v.trim()));
            } catch (NumberFormatException e) {
                throw new InvalidInputException("--build-arg " + ARG + "=" + v + ": not a number of seconds since 1970");
            }
        }));
    }

    /** The time a step that runs now records in its history entry. */
    Instant stepTime() {
        return value.orElseGet(Instant::now);
    }

    LayerOptions layerOptions() {
        return value.map(LayerOptions.defaults()::withSourceDateEpoch).orElse(LayerOptions.defaults());
    }

    /** {@code parts} of a root key, plus the epoch when set, so builds with different epochs keep apart. */
    CacheKey.Parts keyParts(CacheKey.Parts parts) {
        return value.map(v -> parts.add("source-date-epoch", String.valueOf(v.getEpochSecond()))).orElse(parts);
    }
}
