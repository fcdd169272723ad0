package io.dataworkspace.deploy.aws.platform;

import io.dataworkspace.deploy.aws.config.PlatformSettings;
import io.dataworkspace.deploy.aws.network.NetworkStack;
import io.dataworkspace.deploy.aws.network.SecurityGroups;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.CloudMapOptions;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.PropagatedTagSource;
import software.amazon.awscdk.services.ecs.Protocol;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.servicediscovery.DnsRecordType;
import software.amazon.awscdk.services.servicediscovery.INamespace;
import software.constructs.Construct;

/**
 * The {@code dataworkspace} server ({@code serve}: proxy and launcher roles in every task) as a Fargate service of
 * at least two tasks in the platform subnets, registered with the ALB's target group (health: {@code /healthz}),
 * rolled back automatically when a deployment's tasks do not become healthy, and scaled on CPU. Its tasks are
 * registered in the platform's Cloud Map namespace as {@code server.<appName>.internal} (one A record per task), the
 * address tool tasks' credentials relays use for the launcher's port 8081.
 */
final class ServerService extends Construct {
    /** Container name of the server. */
    static final String CONTAINER = "server";
    /** Name of the server's Cloud Map service: {@code server.<namespace>}. */
    static final String DISCOVERY_NAME = "server";
    /** Short TTL: a replaced task's address leaves resolvers' caches quickly. */
    static final int DISCOVERY_TTL_SECONDS = 10;

    private final FargateService service;
    private final FargateTaskDefinition taskDefinition;

    ServerService(Construct scope, String id, String appName, PlatformSettings settings, ICluster cluster,
                  IRole taskRole, ContainerImage image, Map<String, String> environment,
                  Map<String, Secret> secrets, ILogGroup logGroup, ISecurityGroup securityGroup,
                  ApplicationTargetGroup targets, INamespace namespace) {
        super(scope, id);
        taskDefinition = FargateTaskDefinition.Builder.create(this, "Task")
                .family(appName + "-server")
                .cpu(settings.serverSize().cpu())
                .memoryLimitMiB(settings.serverSize().memoryMiB())
                .taskRole(taskRole)
                .build();
        taskDefinition.addContainer(CONTAINER, ContainerDefinitionOptions.builder()
                .image(image)
                .command(List.of("serve"))
                .essential(true)
                .portMappings(List.of(
                        port(SecurityGroups.SERVER_HTTP_PORT, "http"),
                        port(SecurityGroups.CREDENTIALS_PORT, "credentials")))
                .environment(environment)
                .secrets(secrets)
                .stopTimeout(Duration.seconds(30))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                        .logGroup(logGroup)
                        .streamPrefix("server")
                        .build()))
                .build());

        service = FargateService.Builder.create(this, "Service")
                .serviceName(appName + "-server")
                .cluster(cluster)
                .taskDefinition(taskDefinition)
                .desiredCount(settings.serverDesiredCount())
                .minHealthyPercent(100)
                .maxHealthyPercent(200)
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .healthCheckGracePeriod(Duration.seconds(120))
                .vpcSubnets(NetworkStack.subnets(NetworkStack.PLATFORM))
                .securityGroups(List.of(securityGroup))
                .assignPublicIp(false)
                .enableEcsManagedTags(true)
                .propagateTags(PropagatedTagSource.SERVICE)
                .cloudMapOptions(CloudMapOptions.builder()
                        .cloudMapNamespace(namespace)
                        .name(DISCOVERY_NAME)
                        .dnsRecordType(DnsRecordType.A)
                        .dnsTtl(Duration.seconds(DISCOVERY_TTL_SECONDS))
                        .build())
                .build();
        service.attachToApplicationTargetGroup(targets);

        service.autoScaleTaskCount(EnableScalingProps.builder()
                        .minCapacity(settings.serverDesiredCount())
                        .maxCapacity(settings.serverMaxCount())
                        .build())
                .scaleOnCpuUtilization("Cpu", CpuUtilizationScalingProps.builder()
                        .targetUtilizationPercent(60)
                        .scaleInCooldown(Duration.minutes(5))
                        .scaleOutCooldown(Duration.minutes(1))
                        .build());
    }

    private static PortMapping port(int port, String name) {
        return PortMapping.builder().containerPort(port).protocol(Protocol.TCP).name(name).build();
    }

    FargateService service() {
        return service;
    }

    FargateTaskDefinition taskDefinition() {
        return taskDefinition;
    }
}
