package io.dataworkspace.deploy.aws.config;

import java.util.List;

/**
 * The VPC and the DNS path of the tools.
 *
 * @param vpcCidr                VPC IPv4 range, /16 to /20
 * @param maxAzs                 availability zones used (2 or 3; environment-agnostic stacks get 2)
 * @param natGateways            NAT gateways for the private (platform) subnets; tool subnets never use them
 * @param dnsUpstreamServers     resolvers dnsfilter forwards allowed queries to, reached through NAT (it must not
 *                               be the VPC resolver, which forwards back to dnsfilter)
 * @param dnsPassthroughDomains  domains the VPC resolver answers itself (AWS endpoints, EC2 names), bypassing dnsfilter
 * @param dnsAllowDomains        extra domains dnsfilter allows (the OIDC issuer's host is always added)
 */
public record NetworkSettings(String vpcCidr, int maxAzs, int natGateways, List<String> dnsUpstreamServers,
                              List<String> dnsPassthroughDomains, List<String> dnsAllowDomains) {

    private static final String IPV4 = "((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)";
    private static final String DOMAIN = "([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";

    /** Validates the settings. */
    public NetworkSettings {
        if (!vpcCidr.matches(IPV4 + "/(1[6-9]|20)")) {
            throw new ConfigException("vpcCidr: " + vpcCidr + " (expected: an IPv4 range from /16 to /20)");
        }
        Settings.checkRange("maxAzs", maxAzs, 2, 3);
        Settings.checkRange("natGateways", natGateways, 1, maxAzs);
        if (dnsUpstreamServers.isEmpty()) {
            throw new ConfigException("dnsUpstreamServers: empty (expected: at least one resolver IP address)");
        }
        for (String server : dnsUpstreamServers) {
            if (!server.matches(IPV4) || server.startsWith("169.254.") || server.endsWith(".2")) {
                throw new ConfigException("dnsUpstreamServers: " + server
                        + " (expected: an IPv4 address outside the VPC resolver, e.g. 1.1.1.1)");
            }
        }
        for (String domain : dnsPassthroughDomains) {
            checkDomain("dnsPassthroughDomains", domain);
        }
        for (String domain : dnsAllowDomains) {
            checkDomain("dnsAllowDomains", domain);
        }
        dnsUpstreamServers = List.copyOf(dnsUpstreamServers);
        dnsPassthroughDomains = List.copyOf(dnsPassthroughDomains);
        dnsAllowDomains = List.copyOf(dnsAllowDomains);
    }

    static void checkDomain(String key, String domain) {
        if (!domain.matches(DOMAIN) || domain.length() > 253) {
            throw new ConfigException(key + ": " + domain + " (expected: a lower-case DNS name like example.org)");
        }
    }

    static NetworkSettings read(Settings s) {
        int maxAzs = s.integer("maxAzs", 2, 1, 6);
        return new NetworkSettings(
                s.string("vpcCidr", "10.40.0.0/16"),
                maxAzs,
                s.integer("natGateways", maxAzs, 0, 6),
                s.list("dnsUpstreamServers", List.of("1.1.1.1", "8.8.8.8")),
                s.list("dnsPassthroughDomains", List.of("amazonaws.com", "compute.internal", "ec2.internal")),
                s.list("dnsAllowDomains", List.of()));
    }
}
