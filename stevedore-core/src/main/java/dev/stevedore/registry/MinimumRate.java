package dev.stevedore.registry;

import java.time.Duration;

/**
 * The slowest a response body may arrive: at least {@code bytesPerSecond} on average over each
 * {@code window}, as curl's {@code --speed-limit}/{@code --speed-time}. The idle timeout only
 * sees whether bytes come at all, so a registry that trickles (one byte every two seconds)
 * would otherwise hold a pull for ever; a body slower than this fails and is retried as a
 * broken transfer.
 *
 * @param bytesPerSecond the least average rate; 0 turns the check off
 * @param window         how long a rate is measured over before it is judged
 */
public record MinimumRate(long bytesPerSecond, Duration window) {

    /** 1 KiB/s over 30 s: any working link does far better, a trickle fails within a minute. */
    public static final MinimumRate DEFAULT = new MinimumRate(1024, Duration.ofSeconds(30));

    public MinimumRate {
        if (bytesPerSecond < 0 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a minimum rate needs a non-negative rate and a positive window");
        }
    }

    /** The bytes a window must carry. */
    long bytesPerWindow() {
        return Math.multiplyExact(bytesPerSecond, window.toMillis()) / 1000;
    }
}
