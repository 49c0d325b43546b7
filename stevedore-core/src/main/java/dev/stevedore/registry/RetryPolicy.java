package dev.stevedore.registry;

import java.time.Duration;

/**
 * How often and how patiently a request is tried again: on connection errors, on 5xx and on
 * 429, never on 401/403/404. The delay doubles from {@code initialDelay} up to {@code maxDelay};
 * a {@code Retry-After} from the registry wins, capped at {@code maxRetryAfter}.
 *
 * @param attempts total tries, at least 1
 */
public record RetryPolicy(int attempts, Duration initialDelay, Duration maxDelay, Duration maxRetryAfter) {

    public static final RetryPolicy DEFAULT =
            new RetryPolicy(5, Duration.ofMillis(250), Duration.ofSeconds(8), Duration.ofSeconds(60));

    /** One try, no retry. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }

    /** The pause before try {@code attempt + 1} (attempt counts from 1). */
    Duration delay(int attempt) {
        long millis = initialDelay.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }

    /** {@code Retry-After} seconds from the registry, capped. */
    Duration retryAfter(long seconds) {
        return Duration.ofSeconds(Math.max(0, Math.min(seconds, maxRetryAfter.toSeconds())));
    }
}
