package io.dataworkspace.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataworkspace.launcher.config.ConfigException;
import io.dataworkspace.launcher.config.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionConfigTest {

    @Test
    void shouldDefaultToTwelveHoursIdleSevenDaysMaxFiveSecondsCacheOneMinuteHandoff() {
        assertThat(SessionConfig.defaults()).isEqualTo(new SessionConfig(Duration.ofHours(12), Duration.ofDays(7),
                Duration.ofSeconds(5), Duration.ofSeconds(60)));
    }

    @Test
    void shouldReadTheEnvironment() {
        SessionConfig config = SessionConfig.fromEnv(new Env(Map.of("SESSION_IDLE_TIMEOUT", "30m",
                "SESSION_MAX_AGE", "1d", "SESSION_CACHE_TTL", "500ms", "HANDOFF_TTL", "PT30S")));
        assertThat(config).isEqualTo(new SessionConfig(Duration.ofMinutes(30), Duration.ofDays(1),
                Duration.ofMillis(500), Duration.ofSeconds(30)));
    }

    @Test
    void shouldRefuseBadValuesNamingTheVariable() {
        assertThatThrownBy(() -> SessionConfig.fromEnv(new Env(Map.of("SESSION_MAX_AGE", "soon"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SESSION_MAX_AGE");
        assertThatThrownBy(() -> SessionConfig.fromEnv(new Env(Map.of("SESSION_CACHE_TTL", "1h",
                "SESSION_IDLE_TIMEOUT", "30m"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SESSION_CACHE_TTL");
        assertThatThrownBy(() -> new SessionConfig(Duration.ofHours(1), Duration.ofMillis(10), Duration.ofSeconds(1),
                Duration.ofSeconds(1))).hasMessageContaining("SESSION_MAX_AGE");
    }
}
