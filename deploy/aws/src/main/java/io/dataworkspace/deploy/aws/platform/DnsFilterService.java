package io.dataworkspace.deploy.aws.platform;

import io.dataworkspace.deploy.aws.config.PlatformSettings;
import io.dataworkspace.deploy.aws.network.NetworkStack;
import io.dataworkspace.deploy.aws.network.SecurityGroups;
import io.dataworkspace.deploy.aws.images.ImageEntrypoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.ecs.LoadBalancerTargetOptions;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.PropagatedTagSource;
import software.amazon.awscdk.services.ecs.Protocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseNetworkListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.SubnetMapping;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.constructs.Construct;

/**
 * dnsfilter as a Fargate service of two or more tasks (spread over the AZs' platform subnets) behind an internal
 * NLB listening on UDP and TCP 53 at the fixed addresses the network stack's Resolver rule forwards to. The NLB
 * maps 53 to the container's 5353 and checks {@code /healthz} on 8053.
 *
 * <p>dnsfilter reads its allow-list from a file ({@code DNSFILTER_RULES_FILE}); Fargate has no config files, so the
 * task carries the generated YAML in {@value #RULES_VARIABLE} and its entrypoint writes it to {@value #RULES_FILE}
 * before it starts the image's own command ({@link ImageEntrypoint}). An empty or broken YAML stops dnsfilter at
 * start with its one-sentence error (exit 2), which the deployment circuit breaker rolls back.
 */
final class DnsFilterService extends Construct {
    /** Container name of dnsfilter. */
    static final String CONTAINER = "dnsfilter";
    /** dnsfilter's main class (the image's). */
    static final String MAIN_CLASS = "io.dataworkspace.dnsfilter.Main";
    /** Where the task writes the rules file. */
    static final String RULES_FILE = "/tmp/dnsfilter/rules.yaml";
    /** The variable that carries the rules file's content into the task. */
    static final String RULES_VARIABLE = "DNSFILTER_RULES_YAML";

    private final NetworkLoadBalancer loadBalancer;
    private final FargateService service;

    DnsFilterService(Construct scope, String id, String appName, PlatformSettings settings, ICluster cluster,
                     IVpc vpc, List<ISubnet> dnsSubnets, List<String> addresses, ContainerImage image,
                     Map<String, String> settingsEnvironment, DnsFilterRules rules, ILogGroup logGroup,
                     ISecurityGroup securityGroup) {
        super(scope, id);
        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, "Task")
                .family(appName + "-dnsfilter")
                .cpu(settings.dnsfilterSize().cpu())
                .memoryLimitMiB(settings.dnsfilterSize().memoryMiB())
                .build();
        Map<String, String> environment = new LinkedHashMap<>(settingsEnvironment);
        environment.put("DNSFILTER_RULES_FILE", RULES_FILE);
        environment.put(RULES_VARIABLE, rules.yaml());
        task.addContainer(CONTAINER, ContainerDefinitionOptions.builder()
                .image(image)
                .entryPoint(List.of("bash", "-c", startCommand()))
                .essential(true)
                .portMappings(List.of(
                        PortMapping.builder().containerPort(SecurityGroups.DNSFILTER_DNS_PORT)
                                .protocol(Protocol.UDP).build(),
                        PortMapping.builder().containerPort(SecurityGroups.DNSFILTER_DNS_PORT)
                                .protocol(Protocol.TCP).build(),
                        PortMapping.builder().containerPort(SecurityGroups.DNSFILTER_HEALTH_PORT)
                                .protocol(Protocol.TCP).build()))
                .environment(environment)
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                        .logGroup(logGroup)
                        .streamPrefix("dnsfilter")
                        .build()))
                .build());

        service = FargateService.Builder.create(this, "Service")
                .serviceName(appName + "-dnsfilter")
                .cluster(cluster)
                .taskDefinition(task)
                .desiredCount(settings.dnsfilterDesiredCount())
                .minHealthyPercent(100)
                .maxHealthyPercent(200)
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .healthCheckGracePeriod(Duration.seconds(60))
                .vpcSubnets(NetworkStack.subnets(NetworkStack.PLATFORM))
                .securityGroups(List.of(securityGroup))
                .assignPublicIp(false)
                .enableEcsManagedTags(true)
                .propagateTags(PropagatedTagSource.SERVICE)
                .build();

        List<SubnetMapping> mappings = new ArrayList<>();
        for (int i = 0; i < dnsSubnets.size(); i++) {
            mappings.add(SubnetMapping.builder().subnet(dnsSubnets.get(i)).privateIpv4Address(addresses.get(i))
                    .build());
        }
        loadBalancer = NetworkLoadBalancer.Builder.create(this, "Nlb")
                .loadBalancerName(appName + "-dnsfilter")
                .vpc(vpc)
                .internetFacing(false)
                .subnetMappings(mappings)
                .crossZoneEnabled(true)
                .build();
        listener("Udp", software.amazon.awscdk.services.elasticloadbalancingv2.Protocol.UDP, Protocol.UDP, vpc);
        listener("Tcp", software.amazon.awscdk.services.elasticloadbalancingv2.Protocol.TCP, Protocol.TCP, vpc);
    }

    /**
     * @return the shell command that writes the rules file from {@value #RULES_VARIABLE} and then runs the image's
     *         entrypoint in its place (so dnsfilter is PID 1 and receives SIGTERM)
     */
    static String startCommand() {
        return "set -e; mkdir -p \"${DNSFILTER_RULES_FILE%/*}\"; printf '%s\\n' \"$" + RULES_VARIABLE
                + "\" > \"$DNSFILTER_RULES_FILE\"; exec " + ImageEntrypoint.shell(MAIN_CLASS);
    }

    private void listener(String id, software.amazon.awscdk.services.elasticloadbalancingv2.Protocol lbProtocol,
                          Protocol containerProtocol, IVpc vpc) {
        NetworkTargetGroup targets = NetworkTargetGroup.Builder.create(this, id + "Targets")
                .vpc(vpc)
                .targetType(TargetType.IP)
                .protocol(lbProtocol)
                .port(SecurityGroups.DNSFILTER_DNS_PORT)
                .deregistrationDelay(Duration.seconds(15))
                .healthCheck(HealthCheck.builder()
                        .protocol(software.amazon.awscdk.services.elasticloadbalancingv2.Protocol.HTTP)
                        .port(String.valueOf(SecurityGroups.DNSFILTER_HEALTH_PORT))
                        .path("/healthz")
                        .interval(Duration.seconds(10))
                        .healthyThresholdCount(2)
                        .unhealthyThresholdCount(2)
                        .build())
                .targets(List.of(service.loadBalancerTarget(LoadBalancerTargetOptions.builder()
                        .containerName(CONTAINER)
                        .containerPort(SecurityGroups.DNSFILTER_DNS_PORT)
                        .protocol(containerProtocol)
                        .build())))
                .build();
        loadBalancer.addListener(id, BaseNetworkListenerProps.builder()
                .port(53)
                .protocol(lbProtocol)
                .defaultAction(NetworkListenerAction.forward(List.of(targets)))
                .build());
    }

    NetworkLoadBalancer loadBalancer() {
        return loadBalancer;
    }

    FargateService service() {
        return service;
    }
}
