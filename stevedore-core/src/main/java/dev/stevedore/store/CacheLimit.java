package dev.stevedore.store;

import dev.stevedore.diag.InvalidInputException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bound on the build cache for {@link Store#prune(boolean, CacheLimit)}, as {@code docker builder
 * prune} takes it: {@code --filter until=DURATION} makes the records not used for that long
 * removable, {@code --keep-storage SIZE} removes removable records, least recently used first,
 * only until the blobs that only the cache holds fit in {@code SIZE}. With both, a record goes when
 * it is that old and the cache is still too big (BuildKit's {@code KeepDuration} and
 * {@code KeepBytes}); with neither, no record goes.
 *
 * @param keepStorage the bytes the cache may keep
 * @param until       how long a record is kept after its last use
 */
public record CacheLimit(Optional<Long> keepStorage, Optional<Duration> until) {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(i?)b?");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    public CacheLimit {
        Objects.requireNonNull(keepStorage, "keepStorage");
        Objects.requireNonNull(until, "until");
    }

    /** No bound: prune removes no cache record. */
    public static CacheLimit none() {
        return new CacheLimit(Optional.empty(), Optional.empty());
    }

    public boolean isNone() {
        return keepStorage.isEmpty() && until.isEmpty();
    }

    /**
     * A size as docker takes it ({@code 10GB}, {@code 512mb}, {@code 1.5g}, {@code 2GiB}, bytes
     * without a unit); docker's units are powers of 1024, with or without the {@code i}.
     *
     * @throws InvalidInputException naming the text
     */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidInputException("--keep-storage \"" + text + "\": not a size (e.g. 10GB, 512MB, 1073741824)");
        }
        int power = "kmgtp".indexOf(m.group(2)) + 1;
        double bytes = Double.parseDouble(m.group(1)) * Math.pow(1024, m.group(2).isEmpty() ? 0 : power);
        return (long) bytes;
    }

    /**
     * A duration as Go writes it ({@code 24h}, {@code 90m}, {@code 1h30m}, {@code 10s}), the form
     * of {@code --filter until=}.
     *
     * @throws InvalidInputException naming the text
     */
    public static Duration parseDuration(String text) {
        String s = text.strip();
        Matcher m = DURATION.matcher(s);
        double nanos = 0;
        int at = 0;
        while (at < s.length() && m.find(at) && m.start() == at) {
            double n = Double.parseDouble(m.group(1));
            nanos += n * switch (m.group(2)) {
                case "ns" -> 1d;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            at = m.end();
        }
        if (s.isEmpty() || at != s.length()) {
            throw new InvalidInputException("--filter until=" + text + ": not a duration (e.g. 24h, 90m, 1h30m)");
        }
        return Duration.ofNanos((long) nanos);
    }
}
