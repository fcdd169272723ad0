package io.dataworkspace.metrics.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsConfigTest {

    private static final String URI_V4 = "http://169.254.170.2/v4/6f3a1c0e2b7d4e9a8c5b4a3f2e1d0c9b-3311270098";

    @Test
    void shouldApplyDefaults() {
        MetricsConfig c = MetricsConfig.fromEnvironment(Map.of(MetricsConfig.METADATA_URI, URI_V4 + "/"));

        assertThat(c.metadataUri()).isEqualTo(URI.create(URI_V4));
        assertThat(c.listenHost()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(9779);
        assertThat(c.metadataTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.skipContainers()).containsExactlyInAnyOrder("metrics", "s3sync");
        assertThat(c.memoryUsageMode()).isEqualTo(MemoryUsageMode.WORKING_SET);
    }

    @Test
    void shouldReadEveryVariable() {
        MetricsConfig c = MetricsConfig.fromEnvironment(Map.of(
                MetricsConfig.METADATA_URI, URI_V4,
                MetricsConfig.LISTEN_HOST, "127.0.0.1",
                MetricsConfig.PORT, "9100",
                MetricsConfig.TIMEOUT, "750ms",
                MetricsConfig.SKIP, " metrics-sidecar , s3sync,, ",
                MetricsConfig.MEMORY_USAGE, "RAW"));

        assertThat(c.listenHost()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(9100);
        assertThat(c.metadataTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(c.skipContainers()).containsExactlyInAnyOrder("metrics-sidecar", "s3sync");
        assertThat(c.memoryUsageMode()).isEqualTo(MemoryUsageMode.RAW);
    }

    @Test
    void shouldAcceptIsoAndMinuteDurations() {
        assertThat(MetricsConfig.duration("X", "PT1.5S")).isEqualTo(Duration.ofMillis(1500));
        assertThat(MetricsConfig.duration("X", "1m")).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void shouldRejectAMissingEndpointWithASentence() {
        assertThatThrownBy(() -> MetricsConfig.fromEnvironment(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ECS_CONTAINER_METADATA_URI_V4 is not set");
    }

    @Test
    void shouldRejectInvalidValuesNamingTheVariable() {
        assertThatThrownBy(() -> MetricsConfig.fromEnvironment(Map.of(MetricsConfig.METADATA_URI, "file:///etc/passwd")))
                .hasMessageContaining("ECS_CONTAINER_METADATA_URI_V4: file:///etc/passwd (expected: an http:// URL)");
        assertThatThrownBy(() -> MetricsConfig.fromEnvironment(Map.of(MetricsConfig.METADATA_URI, URI_V4,
                MetricsConfig.PORT, "http")))
                .hasMessageContaining("METRICS_PORT: http");
        assertThatThrownBy(() -> MetricsConfig.fromEnvironment(Map.of(MetricsConfig.METADATA_URI, URI_V4,
                MetricsConfig.PORT, "70000")))
                .hasMessageContaining("METRICS_PORT: 70000 (expected: 0..65535)");
        assertThatThrownBy(() -> MetricsConfig.fromEnvironment(Map.of(MetricsConfig.METADATA_URI, URI_V4,
                MetricsConfig.TIMEOUT, "soon")))
                .hasMessageContaining("METRICS_METADATA_TIMEOUT: soon");
        assertThatThrownBy(() -> MetricsConfig.fromEnvironment(Map.of(MetricsConfig.METADATA_URI, URI_V4,
                MetricsConfig.TIMEOUT, "0s")))
                .hasMessageContaining("(expected: > 0 and <= 60s)");
        assertThatThrownBy(() -> MetricsConfig.fromEnvironment(Map.of(MetricsConfig.METADATA_URI, URI_V4,
                MetricsConfig.MEMORY_USAGE, "rss")))
                .hasMessageContaining("METRICS_MEMORY_USAGE: rss (expected: working_set or raw)");
    }
}
