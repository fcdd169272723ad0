package io.dataworkspace.deploy.aws.network;

import java.util.List;

/**
 * The fixed private addresses of dnsfilter's internal NLB, one per dns subnet. They are computed from the subnets'
 * CIDRs at synth time, so the network stack's Resolver rule can target them without depending on the platform
 * stack, and nothing else can take them: the dns subnets hold only the NLB.
 */
public final class DnsFilterAddresses {

    /** Host offset inside each dns subnet; AWS reserves .0 to .3 and the last address. */
    static final int HOST_OFFSET = 10;

    private DnsFilterAddresses() {
    }

    /**
     * @param subnetCidrs IPv4 CIDRs of the dns subnets, e.g. {@code 10.40.12.0/28}
     * @return one address per subnet, in the same order
     * @throws IllegalArgumentException when a CIDR is malformed or too small (smaller than /28)
     */
    public static List<String> forSubnets(List<String> subnetCidrs) {
        return subnetCidrs.stream().map(DnsFilterAddresses::forSubnet).toList();
    }

    static String forSubnet(String cidr) {
        String[] parts = cidr.split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("subnet CIDR: " + cidr + " (expected: a.b.c.d/n)");
        }
        int prefix = Integer.parseInt(parts[1]);
        if (prefix < 16 || prefix > 28) {
            throw new IllegalArgumentException("subnet CIDR: " + cidr + " (expected: /16 to /28)");
        }
        String[] octets = parts[0].split("\\.");
        if (octets.length != 4) {
            throw new IllegalArgumentException("subnet CIDR: " + cidr + " (expected: a.b.c.d/n)");
        }
        long base = 0;
        for (String octet : octets) {
            int value = Integer.parseInt(octet);
            if (value < 0 || value > 255) {
                throw new IllegalArgumentException("subnet CIDR: " + cidr + " (expected: octets 0-255)");
            }
            base = (base << 8) | value;
        }
        long mask = 0xFFFFFFFFL << (32 - prefix) & 0xFFFFFFFFL;
        long address = (base & mask) + HOST_OFFSET;
        return ((address >> 24) & 0xFF) + "." + ((address >> 16) & 0xFF) + "." + ((address >> 8) & 0xFF) + "."
                + (address & 0xFF);
    }
}
