package io.dataworkspace.deploy.aws.platform;

import io.dataworkspace.deploy.aws.config.PlatformSettings;
import io.dataworkspace.deploy.aws.config.ToolTemplate;
import io.dataworkspace.deploy.aws.network.SecurityGroups;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.CfnTaskDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerDependency;
import software.amazon.awscdk.services.ecs.ContainerDependencyCondition;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.HealthCheck;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.MountPoint;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.Protocol;
import software.amazon.awscdk.services.ecs.Volume;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.constructs.Construct;

/**
 * One Fargate task definition per tool template, which the launcher runs in the tools cluster:
 * <ul>
 *   <li>{@code metrics}: ECS task metadata as Prometheus metrics on 9100, and the credentials relay on
 *       {@code 127.0.0.1:9780}, which forwards the task's AWS container-credentials requests to the launcher
 *       ({@code server.<appName>.internal:8081}). Not essential (a metrics outage must not stop a user's tool), but
 *       started first and stopped last, so credentials are there from the first use to s3sync's final upload;</li>
 *   <li>{@code s3sync} (tools only, not visualisations): keeps the shared home volume in sync with
 *       {@code s3://bucket/user/<id>/} (health on 8082), started once the metrics container has started;</li>
 *   <li>{@code tool}: the user's tool on its port, home folder mounted, started once s3sync is healthy (the home
 *       folder has been downloaded); a visualisation's tool starts once the metrics container has started.</li>
 * </ul>
 * All log to CloudWatch. Per-instance values (user, credentials URL and token, S3 prefix) are passed by the
 * launcher as RunTask overrides.
 */
final class ToolTaskDefinitions extends Construct {
    /** Name of the tool container. */
    static final String TOOL = "tool";
    /** Name of the s3sync sidecar. */
    static final String S3SYNC = "s3sync";
    /** Name of the metrics sidecar. */
    static final String METRICS = "metrics";
    /** Where s3sync sees the home volume. */
    static final String SYNC_PATH = "/data/home";
    /** s3sync's health port. */
    static final int S3SYNC_HEALTH_PORT = 8082;
    /** The metrics sidecar's credentials relay, on the task's loopback (shared by its containers in awsvpc). */
    static final int CREDENTIALS_RELAY_PORT = 9780;

    private final Map<String, FargateTaskDefinition> byTool = new LinkedHashMap<>();

    ToolTaskDefinitions(Construct scope, String id, String appName, PlatformSettings settings, Images images,
                        IRole executionRole, String bucketName, ILogGroup logGroup, String credentialsUrl) {
        super(scope, id);
        ContainerImage s3sync = images.image(settings.s3syncImage());
        ContainerImage metrics = images.image(settings.metricsImage());
        for (ToolTemplate tool : settings.tools()) {
            FargateTaskDefinition.Builder definition = FargateTaskDefinition.Builder.create(this, tool.name())
                    .family(tool.family(appName))
                    .cpu(tool.size().cpu())
                    .memoryLimitMiB(tool.size().memoryMiB())
                    .ephemeralStorageGiB(tool.ephemeralStorageGiB())
                    .executionRole(executionRole);
            if (tool.hasHomeFolder()) {
                definition.volumes(List.of(Volume.builder().name("home").build()));
            }
            FargateTaskDefinition task = definition.build();
            withoutTaskRole(task);

            ContainerDefinition metricsContainer = task.addContainer(METRICS, ContainerDefinitionOptions.builder()
                    .image(metrics)
                    .essential(false)
                    .portMappings(List.of(PortMapping.builder().containerPort(SecurityGroups.METRICS_PORT)
                            .protocol(Protocol.TCP).name("metrics").build()))
                    .environment(Map.of(
                            "METRICS_PORT", String.valueOf(SecurityGroups.METRICS_PORT),
                            "METRICS_CREDENTIALS_UPSTREAM", credentialsUrl,
                            "METRICS_CREDENTIALS_RELAY_PORT", String.valueOf(CREDENTIALS_RELAY_PORT)))
                    .logging(logs(logGroup, tool.name() + "-metrics"))
                    .build());
            ContainerDependency afterMetrics = ContainerDependency.builder()
                    .container(metricsContainer)
                    .condition(ContainerDependencyCondition.START)
                    .build();

            ContainerDefinitionOptions.Builder toolOptions = ContainerDefinitionOptions.builder()
                    .image(images.image(tool.image()))
                    .essential(true)
                    .portMappings(List.of(PortMapping.builder().containerPort(tool.port())
                            .protocol(Protocol.TCP).name("http").build()))
                    .logging(logs(logGroup, tool.name()));
            if (!tool.command().isEmpty()) {
                toolOptions.command(tool.command());
            }

            if (!tool.hasHomeFolder()) {
                // a visualisation: no home folder, so no s3sync; the launcher sends it no s3sync override
                task.addContainer(TOOL, toolOptions.build()).addContainerDependencies(afterMetrics);
                byTool.put(tool.name(), task);
                continue;
            }

            ContainerDefinition sync = task.addContainer(S3SYNC, ContainerDefinitionOptions.builder()
                    .image(s3sync)
                    .essential(true)
                    // S3SYNC_PREFIX (user/<id>/) is set per instance by the launcher when it runs the task
                    .environment(Map.of(
                            "S3SYNC_BUCKET", bucketName,
                            "S3SYNC_LOCAL_DIR", SYNC_PATH,
                            "S3SYNC_HTTP_HOST", "0.0.0.0",
                            "S3SYNC_HTTP_PORT", String.valueOf(S3SYNC_HEALTH_PORT)))
                    .healthCheck(HealthCheck.builder()
                            .command(List.of("CMD-SHELL", settings.s3syncHealthCommand()))
                            .interval(Duration.seconds(10))
                            .timeout(Duration.seconds(5))
                            .retries(3)
                            .startPeriod(Duration.seconds(60))
                            .build())
                    .logging(logs(logGroup, tool.name() + "-s3sync"))
                    .build());
            sync.addMountPoints(MountPoint.builder().sourceVolume("home").containerPath(SYNC_PATH)
                    .readOnly(false).build());
            sync.addContainerDependencies(afterMetrics);

            ContainerDefinition toolContainer = task.addContainer(TOOL, toolOptions.build());
            toolContainer.addMountPoints(MountPoint.builder().sourceVolume("home").containerPath(tool.homePath())
                    .readOnly(false).build());
            toolContainer.addContainerDependencies(ContainerDependency.builder()
                    .container(sync)
                    .condition(ContainerDependencyCondition.HEALTHY)
                    .build());
            byTool.put(tool.name(), task);
        }
    }

    /**
     * Tool tasks get no task role (CDK creates one when none is given): with one, ECS sets
     * AWS_CONTAINER_CREDENTIALS_RELATIVE_URI in every container, and AWS SDKs prefer it to the launcher's scoped
     * credentials (AWS_CONTAINER_CREDENTIALS_FULL_URI).
     */
    private static void withoutTaskRole(FargateTaskDefinition task) {
        ((CfnTaskDefinition) task.getNode().getDefaultChild()).addPropertyDeletionOverride("TaskRoleArn");
        task.getNode().tryRemoveChild("TaskRole");
    }

    private static LogDriver logs(ILogGroup logGroup, String prefix) {
        return LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logGroup).streamPrefix(prefix).build());
    }

    /** @return task definitions by tool name, in configuration order */
    Map<String, FargateTaskDefinition> byTool() {
        return Map.copyOf(byTool);
    }
}
