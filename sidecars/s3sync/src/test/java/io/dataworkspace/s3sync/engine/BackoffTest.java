package io.dataworkspace.s3sync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void shouldGrowExponentiallyWithJitterUpToTheCap() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        for (int i = 0; i < 50; i++) {
            assertThat(b.delay(1).toMillis()).isBetween(50L, 100L);
            assertThat(b.delay(4).toMillis()).isBetween(400L, 800L);
            assertThat(b.delay(30).toMillis()).isBetween(2500L, 5000L);
        }
    }
}
