package io.dataworkspace.deploy.aws.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Who can reach the load balancer: the one context value ({@code exposure}) that picks the deployment variant. */
public enum Exposure {
    /** Public ALB in the public subnets; an optional WAF web ACL is attached. */
    INTERNET_FACING("internet-facing"),
    /** Internal ALB in the private subnets, reachable only from the VPC and networks routed to it. */
    VPC_ONLY("vpc-only");

    private final String contextValue;

    Exposure(String contextValue) {
        this.contextValue = contextValue;
    }

    /** @return the value written in CDK context, e.g. {@code vpc-only} */
    public String contextValue() {
        return contextValue;
    }

    static Exposure parse(String raw) {
        return Arrays.stream(values())
                .filter(e -> e.contextValue.equalsIgnoreCase(raw))
                .findFirst()
                .orElseThrow(() -> new ConfigException("exposure: " + raw + " (expected: "
                        + Arrays.stream(values()).map(Exposure::contextValue).collect(Collectors.joining(" or "))
                        + ")"));
    }
}
