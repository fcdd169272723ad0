package io.dataworkspace.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {
    @Test
    void shouldParseShortAndIsoDurations() {
        Env env = new Env(Map.of("A", "500ms", "B", "30s", "C", "5m", "D", "2h", "E", "1d", "F", "PT90S"));
        assertThat(env.duration("A", null)).isEqualTo(Duration.ofMillis(500));
        assertThat(env.duration("B", null)).isEqualTo(Duration.ofSeconds(30));
        assertThat(env.duration("C", null)).isEqualTo(Duration.ofMinutes(5));
        assertThat(env.duration("D", null)).isEqualTo(Duration.ofHours(2));
        assertThat(env.duration("E", null)).isEqualTo(Duration.ofDays(1));
        assertThat(env.duration("F", null)).isEqualTo(Duration.ofSeconds(90));
        assertThat(env.duration("MISSING", Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void shouldNameTheVariableAndTheExpectationInErrors() {
        Env env = new Env(Map.of("SPAWN_WORKERS", "many", "CULL_INTERVAL", "soon", "LAUNCHER_API_PORT", "70000",
                "FLAG", "maybe"));
        assertThatThrownBy(() -> env.integer("SPAWN_WORKERS", 1, 1, 10))
                .hasMessage("SPAWN_WORKERS: \"many\" (expected: a whole number)");
        assertThatThrownBy(() -> env.duration("CULL_INTERVAL", Duration.ZERO))
                .hasMessageContaining("CULL_INTERVAL: \"soon\"");
        assertThatThrownBy(() -> env.integer("LAUNCHER_API_PORT", 1, 0, 65535))
                .hasMessage("LAUNCHER_API_PORT: \"70000\" (expected: between 0 and 65535)");
        assertThatThrownBy(() -> env.bool("FLAG", false)).hasMessage("FLAG: \"maybe\" (expected: true or false)");
    }

    @Test
    void shouldRejectANonPostgresDatabaseUrl() {
        assertThatThrownBy(() -> LauncherConfig.fromEnv(new Env(Map.of("DATABASE_URL", "mysql://db/x"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("DATABASE_URL");
    }

    @Test
    void shouldDefaultToEmbeddedEverything() {
        LauncherConfig config = LauncherConfig.fromEnv(new Env(Map.of()));
        assertThat(config.databaseUrl()).isEmpty();
        assertThat(config.dataDir().getFileName().toString()).isEqualTo(".dataworkspace");
        assertThat(config.apiHost()).isEqualTo("127.0.0.1");
    }
}
