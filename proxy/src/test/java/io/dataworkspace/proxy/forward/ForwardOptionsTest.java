package io.dataworkspace.proxy.forward;

import io.dataworkspace.launcher.config.ConfigException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ForwardOptionsTest {

    @Test
    void shouldReadEveryKeyFromTheEnvironment() {
        ForwardOptions o = ForwardOptions.fromEnv(Map.of(
                "FORWARD_CONNECT_TIMEOUT", "750ms",
                "FORWARD_RESPONSE_TIMEOUT", "2m",
                "FORWARD_WEBSOCKET_IDLE_TIMEOUT", "0",
                "FORWARD_UPSTREAM_KEEPALIVE", "PT3S",
                "FORWARD_MAX_CONNECTIONS_PER_UPSTREAM", "32",
                "FORWARD_TRUSTED_HOPS", "1",
                "FORWARD_PROXY_COOKIES", "dws_session, dws_handoff",
                "FORWARD_PRESERVE_HOST", "false"));
        assertThat(o).isEqualTo(new ForwardOptions(Duration.ofMillis(750), Duration.ofMinutes(2), Duration.ZERO,
                Duration.ofSeconds(3), 32, 1, Set.of("dws_session", "dws_handoff"), false, java.util.Map.of()));
    }

    @Test
    void shouldKeepDefaultsForAbsentKeys() {
        assertThat(ForwardOptions.fromEnv(Map.of())).isEqualTo(ForwardOptions.DEFAULTS);
        assertThat(ServerLimits.fromEnv(Map.of())).isEqualTo(ServerLimits.DEFAULTS);
    }

    @Test
    void shouldNameTheKeyOfABadValue() {
        assertThatThrownBy(() -> ForwardOptions.fromEnv(Map.of("FORWARD_CONNECT_TIMEOUT", "soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FORWARD_CONNECT_TIMEOUT")
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> ForwardOptions.fromEnv(Map.of("FORWARD_TRUSTED_HOPS", "two")))
                .hasMessageContaining("FORWARD_TRUSTED_HOPS");
        assertThatThrownBy(() -> ForwardOptions.fromEnv(Map.of("FORWARD_TRUSTED_HOPS", "-1")))
                .hasMessage("trustedHops: -1 (expected: 0..16)");
        assertThatThrownBy(() -> ForwardOptions.fromEnv(Map.of("FORWARD_CONNECT_TIMEOUT", "0")))
                .hasMessage("connectTimeout: PT0S (expected: > 0)");
        assertThatThrownBy(() -> ForwardOptions.fromEnv(Map.of("FORWARD_PROXY_COOKIES", "a b")))
                .hasMessageContaining("not a valid cookie name");
        assertThatThrownBy(() -> ServerLimits.fromEnv(Map.of("SERVER_MAX_HEADER_BYTES", "10")))
                .hasMessage("maxHeaderBytes: 10 (expected: 1024..1048576)");
    }

    @Test
    void shouldValidateUpstreamsAndEncodeIdentities() {
        assertThatThrownBy(() -> new Upstream("evil.example/x", 80)).hasMessageContaining("invalid character");
        assertThatThrownBy(() -> new Upstream("127.0.0.1", 0)).hasMessage("upstream port: 0 (expected: 1..65535)");
        assertThat(new Upstream("::1", 8888)).hasToString("[::1]:8888");

        ForwardIdentity id = new ForwardIdentity("42", "a@example.test", "Zoë\r\nX-Evil: 1");
        assertThat(id.name()).isEqualTo("Zo%C3%AB%0D%0AX-Evil:%201");
        assertThat(new ForwardIdentity("42", null, "Ann Lee").name()).isEqualTo("Ann Lee");
        assertThatThrownBy(() -> new ForwardIdentity("", "a", "b")).hasMessageContaining("userId");
    }
}
