package io.dataworkspace.s3sync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncConfigTest {
    @TempDir
    Path dir;

    Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>(Map.of("S3SYNC_LOCAL_DIR", dir.toString(), "S3SYNC_BUCKET", "b"));
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void shouldApplyDefaults() {
        SyncConfig c = SyncConfig.fromEnv(env());
        assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.prefix()).isEmpty();
        assertThat(c.partSize()).isEqualTo(16L << 20);
        assertThat(c.excludes()).contains(".ipynb_checkpoints", "__pycache__", "*.swp", ".s3sync");
        assertThat(c.endpoint()).isEmpty();
        assertThat(c.pathStyle()).isFalse();
        assertThat(c.stateDir()).isEqualTo(dir.resolve(".s3sync"));
        assertThat(c.concurrency()).isEqualTo(16);
        assertThat(c.smallFileConcurrency()).as("four small transfers per large one").isEqualTo(64);
        assertThat(SyncConfig.fromEnv(env("S3SYNC_CONCURRENCY", "4")).smallFileConcurrency()).isEqualTo(16);
        assertThat(SyncConfig.fromEnv(env("S3SYNC_SMALL_FILE_CONCURRENCY", "8")).smallFileConcurrency()).isEqualTo(8);
    }

    @Test
    void shouldParseTypedValues() {
        SyncConfig c = SyncConfig.fromEnv(env("S3SYNC_PREFIX", "user/42", "S3SYNC_POLL_INTERVAL", "250ms",
                "S3SYNC_PART_SIZE", "8MiB", "S3SYNC_EXCLUDES", "*.log, big/", "S3SYNC_ENDPOINT", "http://127.0.0.1:9000",
                "S3SYNC_SHUTDOWN_TIMEOUT", "PT1M"));
        assertThat(c.prefix()).isEqualTo("user/42/");
        assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.partSize()).isEqualTo(8L << 20);
        assertThat(c.excludes()).contains("*.log", "big/");
        assertThat(c.pathStyle()).isTrue();
        assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void shouldRejectBadValuesWithASentenceNamingTheVariable() {
        assertThatThrownBy(() -> SyncConfig.fromEnv(Map.of("S3SYNC_BUCKET", "b")))
                .isInstanceOf(ConfigException.class).hasMessage("S3SYNC_LOCAL_DIR: missing (required)");
        assertThatThrownBy(() -> SyncConfig.fromEnv(env("S3SYNC_POLL_INTERVAL", "soon")))
                .hasMessageStartingWith("S3SYNC_POLL_INTERVAL: 'soon' (expected: a duration");
        assertThatThrownBy(() -> SyncConfig.fromEnv(env("S3SYNC_PART_SIZE", "1MiB")))
                .hasMessageContaining("S3SYNC_PART_SIZE").hasMessageContaining(">= 5MiB");
        assertThatThrownBy(() -> SyncConfig.fromEnv(env("S3SYNC_CONCURRENCY", "0")))
                .hasMessageContaining("S3SYNC_CONCURRENCY: 0 (expected: 1..256)");
        assertThatThrownBy(() -> SyncConfig.fromEnv(env("S3SYNC_SMALL_FILE_CONCURRENCY", "2000")))
                .hasMessageContaining("S3SYNC_SMALL_FILE_CONCURRENCY: 2000 (expected: 1..1024)");
        assertThatThrownBy(() -> SyncConfig.fromEnv(env("S3SYNC_LOCAL_DIR", dir.resolve("nope").toString())))
                .hasMessageContaining("is not a directory");
        assertThatThrownBy(() -> SyncConfig.fromEnv(env("S3SYNC_ENDPOINT", "not a uri")))
                .hasMessageContaining("S3SYNC_ENDPOINT");
        assertThatThrownBy(() -> SyncConfig.fromEnv(env("S3SYNC_RETRY_BASE", "10s", "S3SYNC_RETRY_MAX", "1s")))
                .hasMessageContaining("S3SYNC_RETRY_MAX");
        assertThatThrownBy(() -> SyncConfig.fromEnv(env("S3SYNC_PATH_STYLE", "maybe")))
                .hasMessageContaining("S3SYNC_PATH_STYLE: 'maybe' (expected: true or false)");
    }
}
