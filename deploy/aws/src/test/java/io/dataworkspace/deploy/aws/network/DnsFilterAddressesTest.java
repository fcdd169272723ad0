package io.dataworkspace.deploy.aws.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DnsFilterAddressesTest {

    @Test
    void shouldPickTheTenthHostOfEachSubnet() {
        assertThat(DnsFilterAddresses.forSubnets(List.of("10.40.74.0/28", "10.40.74.16/28")))
                .containsExactly("10.40.74.10", "10.40.74.26");
    }

    @Test
    void shouldUseTheNetworkAddressEvenWhenGivenAHostAddress() {
        assertThat(DnsFilterAddresses.forSubnet("192.168.1.7/24")).isEqualTo("192.168.1.10");
    }

    @Test
    void shouldRejectMalformedOrTinySubnets() {
        assertThatThrownBy(() -> DnsFilterAddresses.forSubnet("10.0.0.0")).hasMessageContaining("a.b.c.d/n");
        assertThatThrownBy(() -> DnsFilterAddresses.forSubnet("10.0.0.0/29")).hasMessageContaining("/16 to /28");
        assertThatThrownBy(() -> DnsFilterAddresses.forSubnet("10.0.300.0/24")).hasMessageContaining("0-255");
    }
}
