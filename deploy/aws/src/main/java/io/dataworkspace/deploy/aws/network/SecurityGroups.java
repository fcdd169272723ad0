package io.dataworkspace.deploy.aws.network;

import io.dataworkspace.deploy.aws.config.DeploymentConfig;
import io.dataworkspace.deploy.aws.config.Exposure;
import io.dataworkspace.deploy.aws.config.ToolTemplate;
import java.util.List;
import java.util.TreeSet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.constructs.Construct;

/**
 * Every security group of the deployment, with all its rules in this one place, so the allowed flows can be read
 * (and tested) together and no stack has to reach into another's groups:
 * <pre>
 * clients ─443/80─▶ alb ─8080─▶ server ─8888,9100─▶ tools
 *                               server ◀─8081── tools (credentials endpoint)
 *                  server, tools ─5432─▶ database
 *           VPC (NLB, resolver) ─5353─▶ dnsfilter ─▶ upstream resolvers through NAT
 *                         tools ─443─▶ VPC endpoints / S3 gateway (no other route exists)
 * </pre>
 */
public final class SecurityGroups extends Construct {
    /** Port the {@code dataworkspace} server serves HTTP on. */
    public static final int SERVER_HTTP_PORT = 8080;
    /** Port of the launcher's credentials endpoint for tools. */
    public static final int CREDENTIALS_PORT = 8081;
    /** Port dnsfilter listens on inside its container (the NLB maps 53 to it). */
    public static final int DNSFILTER_DNS_PORT = 5353;
    /** dnsfilter's HTTP health port. */
    public static final int DNSFILTER_HEALTH_PORT = 8053;
    /** The metrics sidecar's Prometheus port. */
    public static final int METRICS_PORT = 9100;
    /** PostgreSQL. */
    public static final int DATABASE_PORT = 5432;

    private final SecurityGroup alb;
    private final SecurityGroup server;
    private final SecurityGroup tools;
    private final SecurityGroup dnsfilter;
    private final SecurityGroup database;
    private final SecurityGroup endpoints;
    private final SecurityGroup resolver;

    /**
     * @param scope  parent
     * @param id     construct id
     * @param vpc    the VPC
     * @param config deployment configuration (exposure, ingress ranges, tool ports)
     */
    public SecurityGroups(Construct scope, String id, IVpc vpc, DeploymentConfig config) {
        super(scope, id);
        alb = group("Alb", vpc, "Load balancer: HTTPS (and HTTP for the redirect) from clients", false);
        server = group("Server", vpc, "dataworkspace server tasks (proxy + launcher)", true);
        tools = group("Tools", vpc, "Tool tasks: no internet, only AWS endpoints, the platform and the database", false);
        dnsfilter = group("DnsFilter", vpc, "dnsfilter tasks", true);
        database = group("Database", vpc, "Aurora PostgreSQL", false);
        endpoints = group("Endpoints", vpc, "Interface VPC endpoints", false);
        resolver = group("Resolver", vpc, "Route 53 Resolver outbound endpoint towards dnsfilter", false);

        List<String> clientRanges = config.entrance().ingressCidrs().isEmpty()
                ? List.of(config.entrance().exposure() == Exposure.INTERNET_FACING
                        ? "0.0.0.0/0" : config.network().vpcCidr())
                : config.entrance().ingressCidrs();
        for (String range : clientRanges) {
            alb.addIngressRule(Peer.ipv4(range), Port.tcp(443), "HTTPS from clients");
            alb.addIngressRule(Peer.ipv4(range), Port.tcp(80), "HTTP from clients, redirected to HTTPS");
        }
        alb.addEgressRule(server, Port.tcp(SERVER_HTTP_PORT), "to the server");
        server.addIngressRule(alb, Port.tcp(SERVER_HTTP_PORT), "from the load balancer");

        server.addIngressRule(tools, Port.tcp(CREDENTIALS_PORT), "tools fetch scoped credentials");
        tools.addEgressRule(server, Port.tcp(CREDENTIALS_PORT), "to the credentials endpoint");

        TreeSet<Integer> toolPorts = new TreeSet<>();
        for (ToolTemplate tool : config.platform().tools()) {
            toolPorts.add(tool.port());
        }
        toolPorts.add(METRICS_PORT);
        for (int port : toolPorts) {
            tools.addIngressRule(server, Port.tcp(port), port == METRICS_PORT
                    ? "metrics sidecar scrape" : "proxied tool traffic");
        }

        database.addIngressRule(server, Port.tcp(DATABASE_PORT), "server");
        database.addIngressRule(tools, Port.tcp(DATABASE_PORT), "tools with their temporary database roles");
        tools.addEgressRule(database, Port.tcp(DATABASE_PORT), "to the database");

        endpoints.addIngressRule(Peer.ipv4(config.network().vpcCidr()), Port.tcp(443), "AWS APIs from the VPC");
        tools.addEgressRule(endpoints, Port.tcp(443), "to the interface endpoints");
        // The S3 gateway endpoint has no fixed address range known at synth time; tool subnets have no route
        // other than the VPC and the S3 gateway endpoint, so this rule reaches nothing else.
        tools.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "to the S3 gateway endpoint (the only non-local route)");

        String vpcRange = config.network().vpcCidr();
        dnsfilter.addIngressRule(Peer.ipv4(vpcRange), Port.udp(DNSFILTER_DNS_PORT), "DNS through the NLB");
        dnsfilter.addIngressRule(Peer.ipv4(vpcRange), Port.tcp(DNSFILTER_DNS_PORT), "DNS over TCP through the NLB");
        dnsfilter.addIngressRule(Peer.ipv4(vpcRange), Port.tcp(DNSFILTER_HEALTH_PORT), "NLB health checks");
        resolver.addEgressRule(Peer.ipv4(vpcRange), Port.udp(53), "to dnsfilter's NLB");
        resolver.addEgressRule(Peer.ipv4(vpcRange), Port.tcp(53), "to dnsfilter's NLB");
    }

    private SecurityGroup group(String id, IVpc vpc, String description, boolean allowAllOutbound) {
        return SecurityGroup.Builder.create(this, id)
                .vpc(vpc)
                .description(description)
                .allowAllOutbound(allowAllOutbound)
                .build();
    }

    /** @return the load balancer's group */
    public SecurityGroup alb() {
        return alb;
    }

    /** @return the server tasks' group */
    public SecurityGroup server() {
        return server;
    }

    /** @return the tool tasks' group */
    public SecurityGroup tools() {
        return tools;
    }

    /** @return the dnsfilter tasks' group */
    public SecurityGroup dnsfilter() {
        return dnsfilter;
    }

    /** @return the database's group */
    public SecurityGroup database() {
        return database;
    }

    /** @return the interface endpoints' group */
    public SecurityGroup endpoints() {
        return endpoints;
    }

    /** @return the Resolver outbound endpoint's group */
    public SecurityGroup resolver() {
        return resolver;
    }
}
