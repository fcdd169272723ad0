package io.dataworkspace.deploy.aws.config;

import java.util.List;
import java.util.Optional;

/**
 * How users reach the platform: load balancer exposure, TLS certificate, DNS records, WAF.
 *
 * @param exposure           internet-facing or vpc-only (the variant)
 * @param certificateArn     an existing ACM certificate for the root and {@code *.} hosts; empty to create one
 * @param hostedZoneId       Route 53 zone for DNS validation and the alias records; empty to do both by hand
 * @param hostedZoneName     that zone's name
 * @param wafWebAclArn       a regional WAFv2 web ACL to attach (internet-facing only)
 * @param ingressCidrs       client ranges allowed to the ALB; empty means 0.0.0.0/0 (internet-facing) or the VPC
 * @param idleTimeoutSeconds ALB idle timeout; long enough for quiet WebSockets
 */
public record EntranceSettings(Exposure exposure, Optional<String> certificateArn, Optional<String> hostedZoneId,
                               Optional<String> hostedZoneName, Optional<String> wafWebAclArn,
                               List<String> ingressCidrs, int idleTimeoutSeconds) {

    /** Validates the settings. */
    public EntranceSettings {
        if (hostedZoneId.isPresent() != hostedZoneName.isPresent()) {
            throw new ConfigException("hostedZoneId and hostedZoneName: give both or neither");
        }
        if (wafWebAclArn.isPresent() && exposure != Exposure.INTERNET_FACING) {
            throw new ConfigException("wafWebAclArn: set, but exposure is " + exposure.contextValue()
                    + " (expected: only with exposure=internet-facing)");
        }
        for (String cidr : ingressCidrs) {
            if (!cidr.matches("[0-9.]+/[0-9]{1,2}")) {
                throw new ConfigException("ingressCidrs: " + cidr + " (expected: IPv4 ranges like 203.0.113.0/24)");
            }
        }
        Settings.checkRange("albIdleTimeoutSeconds", idleTimeoutSeconds, 60, 4000);
        ingressCidrs = List.copyOf(ingressCidrs);
    }

    static EntranceSettings read(Settings s) {
        return new EntranceSettings(
                Exposure.parse(s.string("exposure", Exposure.INTERNET_FACING.contextValue())),
                s.arn("certificateArn", "acm"),
                s.optional("hostedZoneId"),
                s.optional("hostedZoneName").map(z -> z.endsWith(".") ? z.substring(0, z.length() - 1) : z),
                s.arn("wafWebAclArn", "wafv2"),
                s.list("ingressCidrs", List.of()),
                s.integer("albIdleTimeoutSeconds", 900, 1, 100_000));
    }
}
