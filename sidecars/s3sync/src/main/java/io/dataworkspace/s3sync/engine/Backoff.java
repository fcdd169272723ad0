package io.dataworkspace.s3sync.engine;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter.
 *
 * @param base first delay
 * @param max  largest delay
 */
public record Backoff(Duration base, Duration max) {
    /**
     * @param attempt failed attempts so far (1 = first failure)
     * @return delay before the next attempt, between half and all of {@code base * 2^(attempt-1)}, capped
     */
    public Duration delay(int attempt) {
        long b = base.toMillis();
        long capped = Math.min(max.toMillis(), b << Math.min(20, Math.max(0, attempt - 1)));
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return Duration.ofMillis(Math.max(1, jittered));
    }
}
