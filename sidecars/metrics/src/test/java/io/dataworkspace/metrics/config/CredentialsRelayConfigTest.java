package io.dataworkspace.metrics.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialsRelayConfigTest {

    private static final String URI_V4 = "http://169.254.170.2/v4/6f3a1c0e2b7d4e9a8c5b4a3f2e1d0c9b-3311270098";
    private static final String UPSTREAM = "http://server.dataworkspace.internal:8081";

    private static Map<String, String> env(String... pairs) {
        java.util.HashMap<String, String> env = new java.util.HashMap<>();
        env.put(MetricsConfig.METADATA_URI, URI_V4);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void shouldBeOffWithoutAnUpstream() {
        assertThat(MetricsConfig.fromEnvironment(env()).credentialsRelay()).isEmpty();
        assertThat(MetricsConfig.fromEnvironment(env(CredentialsRelayConfig.UPSTREAM, "  ")).credentialsRelay())
                .isEmpty();
        // a port alone does not turn it on
        assertThat(MetricsConfig.fromEnvironment(env(CredentialsRelayConfig.PORT, "9781")).credentialsRelay())
                .isEmpty();
    }

    @Test
    void shouldApplyDefaultsWhenAnUpstreamIsSet() {
        CredentialsRelayConfig c = MetricsConfig.fromEnvironment(env(CredentialsRelayConfig.UPSTREAM, UPSTREAM))
                .credentialsRelay().orElseThrow();

        assertThat(c.upstream()).isEqualTo(URI.create(UPSTREAM));
        assertThat(c.port()).isEqualTo(9780);
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.upstreamFor("/task-credentials/aws"))
                .isEqualTo(URI.create(UPSTREAM + "/task-credentials/aws"));
    }

    @Test
    void shouldReadEveryVariable() {
        CredentialsRelayConfig c = MetricsConfig.fromEnvironment(env(
                CredentialsRelayConfig.UPSTREAM, " https://launcher.internal.example.org/prefix/ ",
                CredentialsRelayConfig.PORT, "19780",
                CredentialsRelayConfig.CONNECT_TIMEOUT, "500ms",
                CredentialsRelayConfig.READ_TIMEOUT, "PT3S")).credentialsRelay().orElseThrow();

        assertThat(c.port()).isEqualTo(19780);
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.upstreamFor("/task-credentials/aws"))
                .isEqualTo(URI.create("https://launcher.internal.example.org/prefix/task-credentials/aws"));
    }

    @Test
    void shouldRejectInvalidValuesNamingTheVariable() {
        assertThatThrownBy(() -> MetricsConfig.fromEnvironment(env(CredentialsRelayConfig.UPSTREAM,
                "ftp://server:8081")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("METRICS_CREDENTIALS_UPSTREAM: ftp://server:8081 (expected: an http:// or https:// URL "
                        + "with a host)");
        assertThatThrownBy(() -> MetricsConfig.fromEnvironment(env(CredentialsRelayConfig.UPSTREAM, "server:8081")))
                .hasMessageContaining("METRICS_CREDENTIALS_UPSTREAM: server:8081 (expected: an http:// or https://");
        assertThatThrownBy(() -> MetricsConfig.fromEnvironment(env(CredentialsRelayConfig.UPSTREAM,
                "http://server:8081/?x=1")))
                .hasMessageContaining("no user, query or fragment");
        assertThatThrownBy(() -> MetricsConfig.fromEnvironment(env(CredentialsRelayConfig.UPSTREAM,
                "http://bad host:8081")))
                .hasMessageContaining("METRICS_CREDENTIALS_UPSTREAM: http://bad host:8081 (expected: a URL");
        assertThatThrownBy(() -> MetricsConfig.fromEnvironment(env(CredentialsRelayConfig.UPSTREAM, UPSTREAM,
                CredentialsRelayConfig.PORT, "65536")))
                .hasMessage("METRICS_CREDENTIALS_RELAY_PORT: 65536 (expected: 0..65535)");
        assertThatThrownBy(() -> MetricsConfig.fromEnvironment(env(CredentialsRelayConfig.UPSTREAM, UPSTREAM,
                CredentialsRelayConfig.PORT, "-1")))
                .hasMessage("METRICS_CREDENTIALS_RELAY_PORT: -1 (expected: 0..65535)");
        assertThatThrownBy(() -> MetricsConfig.fromEnvironment(env(CredentialsRelayConfig.UPSTREAM, UPSTREAM,
                CredentialsRelayConfig.PORT, "relay")))
                .hasMessage("METRICS_CREDENTIALS_RELAY_PORT: relay (expected: a number 0..65535)");
        assertThatThrownBy(() -> MetricsConfig.fromEnvironment(env(CredentialsRelayConfig.UPSTREAM, UPSTREAM,
                CredentialsRelayConfig.CONNECT_TIMEOUT, "0s")))
                .hasMessage("METRICS_CREDENTIALS_CONNECT_TIMEOUT: PT0S (expected: > 0 and <= 60s)");
        assertThatThrownBy(() -> MetricsConfig.fromEnvironment(env(CredentialsRelayConfig.UPSTREAM, UPSTREAM,
                CredentialsRelayConfig.READ_TIMEOUT, "2m")))
                .hasMessage("METRICS_CREDENTIALS_READ_TIMEOUT: PT2M (expected: > 0 and <= 60s)");
        assertThatThrownBy(() -> MetricsConfig.fromEnvironment(env(CredentialsRelayConfig.UPSTREAM, UPSTREAM,
                CredentialsRelayConfig.READ_TIMEOUT, "soon")))
                .hasMessageContaining("METRICS_CREDENTIALS_READ_TIMEOUT: soon");
    }
}
