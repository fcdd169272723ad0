package io.dataworkspace.dnsfilter;

import io.dataworkspace.dnsfilter.net.Transport;
import io.dataworkspace.dnsfilter.server.DenyRcode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DnsFilterConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("DNSFILTER_RULES_FILE", "/etc/dnsfilter/rules.yaml");
        env.put("DNSFILTER_UPSTREAMS", "169.254.169.253");
        return env;
    }

    @Test
    void shouldApplyTheDocumentedDefaults() {
        DnsFilterConfig c = DnsFilterConfig.fromEnv(minimal());
        assertThat(c.dnsPort()).isEqualTo(53);
        assertThat(c.httpPort()).isEqualTo(8053);
        assertThat(c.upstreams()).singleElement().satisfies(a -> {
            assertThat(a.getHostString()).isEqualTo("169.254.169.253");
            assertThat(a.getPort()).isEqualTo(53);
        });
        assertThat(c.denyRcode()).isEqualTo(DenyRcode.REFUSED);
        assertThat(c.upstreamTimeout()).isEqualTo(Duration.ofMillis(800));
        assertThat(c.ednsUdpSize()).isEqualTo(1232);
        assertThat(c.exfil().maxLabelLength()).isEqualTo(50);
        assertThat(c.transport()).isEqualTo(Transport.Choice.AUTO);
    }

    @Test
    void shouldParseListsPortsAndDurations() {
        Map<String, String> env = minimal();
        env.put("DNSFILTER_UPSTREAMS", "10.0.0.2, 127.0.0.1:5353,[::1]:53");
        env.put("DNSFILTER_UPSTREAM_TIMEOUT", "2s");
        env.put("DNSFILTER_CACHE_MIN_TTL", "0");
        env.put("DNSFILTER_TCP_IDLE_TIMEOUT", "PT30S");
        env.put("DNSFILTER_DENY_RCODE", "nxdomain");
        env.put("DNSFILTER_TRANSPORT", "NIO");
        DnsFilterConfig c = DnsFilterConfig.fromEnv(env);
        assertThat(c.transport()).isEqualTo(Transport.Choice.NIO);
        assertThat(c.upstreams()).hasSize(3);
        assertThat(c.upstreams().get(1).getPort()).isEqualTo(5353);
        assertThat(c.upstreamTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.tcpIdleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.denyRcode()).isEqualTo(DenyRcode.NXDOMAIN);
    }

    @Test
    void shouldNameTheVariableInEveryError() {
        assertThatThrownBy(() -> DnsFilterConfig.fromEnv(Map.of("DNSFILTER_UPSTREAMS", "10.0.0.2")))
                .hasMessageContaining("DNSFILTER_RULES_FILE");
        assertThatThrownBy(() -> DnsFilterConfig.fromEnv(Map.of("DNSFILTER_RULES_FILE", "r.yaml")))
                .hasMessageContaining("DNSFILTER_UPSTREAMS");
        Map<String, String> env = minimal();
        env.put("DNSFILTER_UPSTREAMS", "resolver.example.com");
        assertThatThrownBy(() -> DnsFilterConfig.fromEnv(env)).hasMessageContaining("not an IP address");
        env.put("DNSFILTER_UPSTREAMS", "10.0.0.2");
        env.put("DNSFILTER_UPSTREAM_TIMEOUT", "soon");
        assertThatThrownBy(() -> DnsFilterConfig.fromEnv(env)).hasMessageContaining("DNSFILTER_UPSTREAM_TIMEOUT");
        env.remove("DNSFILTER_UPSTREAM_TIMEOUT");
        env.put("DNSFILTER_DENY_RCODE", "DROP");
        assertThatThrownBy(() -> DnsFilterConfig.fromEnv(env)).hasMessageContaining("REFUSED or NXDOMAIN");
        env.remove("DNSFILTER_DENY_RCODE");
        env.put("DNSFILTER_EDNS_UDP_SIZE", "100");
        assertThatThrownBy(() -> DnsFilterConfig.fromEnv(env)).hasMessageContaining("DNSFILTER_EDNS_UDP_SIZE");
        env.remove("DNSFILTER_EDNS_UDP_SIZE");
        env.put("DNSFILTER_TRANSPORT", "io_uring");
        assertThatThrownBy(() -> DnsFilterConfig.fromEnv(env)).hasMessageContaining("auto, epoll or nio");
    }
}
