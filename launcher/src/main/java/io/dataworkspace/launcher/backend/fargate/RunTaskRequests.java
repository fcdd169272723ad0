package io.dataworkspace.launcher.backend.fargate;

import io.dataworkspace.launcher.backend.BackendException;
import io.dataworkspace.launcher.backend.TaskSpec;
import io.dataworkspace.launcher.credentials.CredentialsEndpoint;
import io.dataworkspace.launcher.tool.ToolKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskOverride;

/**
 * Builds the RunTask request of an instance: one task in private subnets without a public address, sized from the
 * template, tagged with instance, owner and tool, and an idempotency token derived from the instance id. Each
 * container gets only the environment it needs: the tool all of it; s3sync its credentials, region and prefix; the
 * metrics sidecar nothing. A visualisation has no home folder, so its task (deploy/aws gives it no s3sync
 * container) gets no s3sync override. With {@code FARGATE_CREDENTIALS_RELAY_PORT} set, the containers' credentials
 * URL is the metrics sidecar's relay on the task's loopback.
 */
final class RunTaskRequests {
    /** ECS rejects overrides larger than this many characters (the JSON of {@code overrides}). */
    static final int MAX_OVERRIDES_CHARS = 8192;
    /** The variable AWS SDKs read the container-credentials URL from. */
    static final String CREDENTIALS_URI = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
    /** What the s3sync sidecar may receive from the tool's environment. */
    private static final List<String> S3SYNC_PASSED = List.of(CREDENTIALS_URI,
            "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_ENDPOINT_URL_S3");

    private final FargateConfig config;

    RunTaskRequests(FargateConfig config) {
        this.config = config;
    }

    /**
     * The client token of an instance's start: at most 64 characters, the same on every retry of the same start.
     * {@code round} counts RunTask answers that launched nothing (capacity), after which a fresh token is safe.
     */
    static String clientToken(UUID instanceId, int round) {
        return "dw-" + instanceId + (round == 0 ? "" : "-" + round);
    }

    RunTaskRequest build(TaskSpec spec, FargateToolSpec tool, FargateSize size, int round) throws BackendException {
        Map<String, String> environment = toolEnvironment(spec);
        List<ContainerOverride> containers = spec.tool().kind() == ToolKind.VISUALISATION
                ? List.of(override(tool.containerName(), environment))
                : List.of(override(tool.containerName(), environment),
                        override(config.s3syncContainer(), s3syncEnvironment(spec)));
        checkSize(containers);
        RunTaskRequest.Builder request = RunTaskRequest.builder()
                .cluster(config.cluster())
                .taskDefinition(tool.taskDefinition())
                .count(1)
                .networkConfiguration(NetworkConfiguration.builder().awsvpcConfiguration(AwsVpcConfiguration.builder()
                        .subnets(config.subnets())
                        .securityGroups(config.securityGroups())
                        .assignPublicIp(AssignPublicIp.DISABLED)
                        .build()).build())
                .overrides(taskOverride(containers, size))
                .tags(Tag.builder().key(TaskStates.INSTANCE_TAG).value(spec.instanceId().toString()).build(),
                        Tag.builder().key(TaskStates.OWNER_TAG).value(spec.userId()).build(),
                        Tag.builder().key(TaskStates.TOOL_TAG).value(spec.tool().slug()).build(),
                        Tag.builder().key(TaskStates.PORT_TAG).value(Integer.toString(spec.tool().port())).build())
                .startedBy(config.startedBy())
                .clientToken(clientToken(spec.instanceId(), round));
        if (config.capacityProviders().isEmpty()) {
            request.launchType(LaunchType.FARGATE);
        } else {
            request.capacityProviderStrategy(config.capacityProviders().stream()
                    .map(p -> CapacityProviderStrategyItem.builder().capacityProvider(p.name()).weight(p.weight())
                            .base(p.base()).build())
                    .toList());
        }
        config.platformVersion().ifPresent(request::platformVersion);
        return request.build();
    }

    private TaskOverride taskOverride(List<ContainerOverride> containers, FargateSize size) {
        TaskOverride.Builder overrides = TaskOverride.builder()
                .containerOverrides(containers)
                .cpu(Integer.toString(size.cpuUnits()))
                .memory(Integer.toString(size.memoryMib()));
        config.taskRoleArn().ifPresent(overrides::taskRoleArn);
        config.executionRoleArn().ifPresent(overrides::executionRoleArn);
        return overrides.build();
    }

    /**
     * The tool's environment as the launcher issued it, with the credentials URL pointed at the task's loopback
     * relay when {@code FARGATE_CREDENTIALS_RELAY_PORT} is set (the token stays the same: the relay forwards it).
     */
    Map<String, String> toolEnvironment(TaskSpec spec) {
        if (config.credentialsRelayPort().isEmpty() || !spec.environment().containsKey(CREDENTIALS_URI)) {
            return spec.environment();
        }
        Map<String, String> env = new TreeMap<>(spec.environment());
        env.put(CREDENTIALS_URI, relayUri(config.credentialsRelayPort().get()));
        return env;
    }

    /** The relay's URL on the task's loopback: a plain-http URL every AWS SDK accepts. */
    static String relayUri(int port) {
        return "http://127.0.0.1:" + port + CredentialsEndpoint.PATH;
    }

    /** s3sync gets its credentials, the region and its prefix: nothing else of the tool's environment. */
    Map<String, String> s3syncEnvironment(TaskSpec spec) {
        Map<String, String> tool = toolEnvironment(spec);
        Map<String, String> env = new TreeMap<>();
        for (String name : S3SYNC_PASSED) {
            String value = tool.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.put("AWS_REGION", spec.environment().getOrDefault("AWS_REGION", config.region()));
        String bucket = spec.environment().get("S3_BUCKET");
        if (bucket != null) {
            env.put("S3SYNC_BUCKET", bucket);
        }
        env.put("S3SYNC_PREFIX", spec.environment().getOrDefault("S3_PREFIX", "user/" + spec.userId() + "/"));
        return env;
    }

    private static ContainerOverride override(String container, Map<String, String> environment) {
        List<KeyValuePair> pairs = new ArrayList<>();
        new TreeMap<>(environment).forEach((k, v) -> pairs.add(KeyValuePair.builder().name(k).value(v).build()));
        return ContainerOverride.builder().name(container).environment(pairs).build();
    }

    private static int jsonLength(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            n += c == '"' || c == '\\' ? 2 : c < 0x20 ? 6 : 1;
        }
        return n;
    }

    /** An estimate from above of the overrides' JSON size, so a too-large environment fails with a sentence. */
    private static void checkSize(List<ContainerOverride> containers) throws BackendException {
        int chars = 200;
        for (ContainerOverride container : containers) {
            chars += 40 + container.name().length();
            for (KeyValuePair pair : container.environment()) {
                chars += 24 + jsonLength(pair.name()) + jsonLength(pair.value());
            }
        }
        if (chars > MAX_OVERRIDES_CHARS) {
            throw new BackendException("the tool's environment is too large for ECS: about " + chars
                    + " characters of overrides (ECS allows " + MAX_OVERRIDES_CHARS + "); grant fewer datasets or "
                    + "shorten their names");
        }
    }
}
