package io.dataworkspace.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ForwardedForTest {

    @Test
    void shouldIgnoreInboundValuesWithoutTrustedHops() {
        assertThat(ForwardedFor.chain("6.6.6.6", "10.0.0.1", 0)).isEqualTo("10.0.0.1");
        assertThat(ForwardedFor.clientAddress("6.6.6.6", "10.0.0.1", 0)).isEqualTo("10.0.0.1");
    }

    @Test
    void shouldKeepOnlyTheEntriesWrittenByTrustedProxies() {
        // the client forged "6.6.6.6"; the load balancer appended the real client 203.0.113.7
        assertThat(ForwardedFor.chain("6.6.6.6, 203.0.113.7", "10.0.0.1", 1)).isEqualTo("203.0.113.7, 10.0.0.1");
        assertThat(ForwardedFor.clientAddress("6.6.6.6, 203.0.113.7", "10.0.0.1", 1)).isEqualTo("203.0.113.7");
        // CDN then load balancer
        assertThat(ForwardedFor.chain("6.6.6.6,203.0.113.7,198.51.100.2", "10.0.0.1", 2))
                .isEqualTo("203.0.113.7,198.51.100.2, 10.0.0.1");
        assertThat(ForwardedFor.clientAddress("6.6.6.6,203.0.113.7, 198.51.100.2", "10.0.0.1", 2))
                .isEqualTo("203.0.113.7");
    }

    @Test
    void shouldCopeWithFewerEntriesThanHopsOrNone() {
        assertThat(ForwardedFor.chain("203.0.113.7", "10.0.0.1", 2)).isEqualTo("203.0.113.7, 10.0.0.1");
        assertThat(ForwardedFor.clientAddress("203.0.113.7", "10.0.0.1", 3)).isEqualTo("203.0.113.7");
        assertThat(ForwardedFor.chain(null, "10.0.0.1", 1)).isEqualTo("10.0.0.1");
        assertThat(ForwardedFor.clientAddress(" ", "10.0.0.1", 1)).isEqualTo("10.0.0.1");
    }
}
