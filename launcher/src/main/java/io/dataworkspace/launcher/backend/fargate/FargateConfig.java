package io.dataworkspace.launcher.backend.fargate;

import io.dataworkspace.launcher.config.ConfigException;
import io.dataworkspace.launcher.config.Env;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Where and how the Fargate backend runs tools, read once from the environment. Every error names the variable.
 *
 * @param cluster           ECS cluster name or ARN ({@code FARGATE_CLUSTER})
 * @param subnets           private subnets of the tasks' network interfaces ({@code FARGATE_SUBNETS})
 * @param securityGroups    security groups of the tasks ({@code FARGATE_SECURITY_GROUPS})
 * @param taskDefinitions   task definition family (or {@code family:revision}, or ARN) by tool slug
 *                          ({@code FARGATE_TASK_DEFINITIONS=jupyterlab=dw-tool-jupyterlab,...}); a tool template's
 *                          {@code fargate.taskDefinition} is used for tools not listed here
 * @param region            AWS region ({@code AWS_REGION})
 * @param ecsEndpoint       ECS endpoint override ({@code FARGATE_ECS_ENDPOINT}, else {@code AWS_ENDPOINT_URL_ECS})
 * @param capacityProviders capacity provider strategy ({@code FARGATE_CAPACITY_PROVIDERS=FARGATE_SPOT:3,FARGATE:1:1},
 *                          name[:weight[:base]]); empty means launch type FARGATE
 * @param platformVersion   Fargate platform version ({@code FARGATE_PLATFORM_VERSION}); empty means LATEST
 * @param taskRoleArn       task role override ({@code FARGATE_TASK_ROLE_ARN}); empty keeps the task definition's
 * @param executionRoleArn  execution role override ({@code FARGATE_EXECUTION_ROLE_ARN})
 * @param startedBy         the {@code startedBy} of every task, which {@code list()} filters on
 *                          ({@code FARGATE_STARTED_BY}, default {@code dataworkspace})
 * @param s3syncContainer   name of the s3sync sidecar container (its health/metrics port: {@code s3syncPort})
 * @param metricsContainer  name of the metrics sidecar container (serves {@code /cpu} and {@code /metrics} on
 *                          {@code metricsPort})
 * @param pollMin, pollMax  DescribeTasks backoff while a task starts: first interval and cap
 * @param apiTimeout        bound on each ECS call attempt; no retry starts once this much time has passed since the
 *                          first attempt
 * @param maxAttempts       attempts of a call that fails with throttling, a server error or a capacity shortage
 * @param cpuTimeout        bound on reading the metrics sidecar's {@code /cpu}
 * @param credentialsRelayPort port of the metrics sidecar's credentials relay on the task's loopback
 *                          ({@code FARGATE_CREDENTIALS_RELAY_PORT}); when set, the tool and s3sync containers get
 *                          {@code AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:<port>/task-credentials/aws}
 *                          instead of the launcher's own URL, the only plain-http form AWS SDKs accept off-host.
 *                          Empty: they get the URL from {@code CREDENTIALS_BASE_URL} unchanged
 * @param credentials       the launcher's own AWS credentials: {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}
 *                          (/{@code AWS_SESSION_TOKEN}) from the given environment when set, else the SDK's default
 *                          chain (the server task's role on ECS)
 */
public record FargateConfig(
        String cluster,
        List<String> subnets,
        List<String> securityGroups,
        Map<String, String> taskDefinitions,
        String region,
        Optional<URI> ecsEndpoint,
        List<CapacityProvider> capacityProviders,
        Optional<String> platformVersion,
        Optional<String> taskRoleArn,
        Optional<String> executionRoleArn,
        String startedBy,
        String s3syncContainer,
        int s3syncPort,
        String metricsContainer,
        int metricsPort,
        Duration pollMin,
        Duration pollMax,
        Duration apiTimeout,
        int maxAttempts,
        Duration cpuTimeout,
        Optional<Integer> credentialsRelayPort,
        AwsCredentialsProvider credentials) {

    private static final Pattern STARTED_BY = Pattern.compile("[A-Za-z0-9_/-]{1,128}");
    private static final Pattern AWS_ID = Pattern.compile("[A-Za-z0-9:/_.-]+");

    /** One entry of a capacity provider strategy, e.g. {@code FARGATE_SPOT} weight 3. */
    public record CapacityProvider(String name, int weight, int base) {
        public CapacityProvider {
            if (weight < 0 || weight > 1000 || base < 0 || base > 100000) {
                throw new ConfigException("FARGATE_CAPACITY_PROVIDERS: " + name + " weight " + weight + " base " + base
                        + " (expected: weight 0..1000, base 0..100000)");
            }
        }
    }

    public FargateConfig {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(credentialsRelayPort, "credentialsRelayPort");
        credentialsRelayPort.ifPresent(port -> {
            if (port < 1 || port > 65535) {
                throw new ConfigException("FARGATE_CREDENTIALS_RELAY_PORT: " + port + " (expected: between 1 and 65535)");
            }
        });
        if (subnets.isEmpty()) {
            throw new ConfigException("FARGATE_SUBNETS: empty (expected: a comma-separated list of private subnet ids)");
        }
        if (securityGroups.isEmpty()) {
            throw new ConfigException("FARGATE_SECURITY_GROUPS: empty (expected: a comma-separated list of security "
                    + "group ids)");
        }
        for (String id : subnets) {
            checkId("FARGATE_SUBNETS", id);
        }
        for (String id : securityGroups) {
            checkId("FARGATE_SECURITY_GROUPS", id);
        }
        taskDefinitions.forEach((tool, family) -> checkId("FARGATE_TASK_DEFINITIONS", family));
        if (region.isBlank()) {
            throw new ConfigException("AWS_REGION: empty (expected: the region of the cluster, e.g. eu-west-2)");
        }
        if (!STARTED_BY.matcher(startedBy).matches()) {
            throw new ConfigException("FARGATE_STARTED_BY: \"" + startedBy
                    + "\" (expected: 1 to 128 letters, digits, '-', '_' or '/')");
        }
        if (pollMin.compareTo(pollMax) > 0) {
            throw new ConfigException("FARGATE_POLL_MIN/FARGATE_POLL_MAX: " + pollMin + " > " + pollMax);
        }
        subnets = List.copyOf(subnets);
        securityGroups = List.copyOf(securityGroups);
        taskDefinitions = Map.copyOf(taskDefinitions);
        capacityProviders = List.copyOf(capacityProviders);
    }

    /** The Fargate settings, or empty when {@code FARGATE_CLUSTER} is not set (the backend is then not configured). */
    public static Optional<FargateConfig> fromEnv(Env env) {
        Optional<String> cluster = env.optional("FARGATE_CLUSTER");
        if (cluster.isEmpty()) {
            return Optional.empty();
        }
        checkId("FARGATE_CLUSTER", cluster.get());
        Optional<URI> endpoint = env.uri("FARGATE_ECS_ENDPOINT").or(() -> env.uri("AWS_ENDPOINT_URL_ECS"));
        return Optional.of(new FargateConfig(
                cluster.get(),
                list(env, "FARGATE_SUBNETS"),
                list(env, "FARGATE_SECURITY_GROUPS"),
                taskDefinitions(env),
                env.optional("AWS_REGION").or(() -> env.optional("AWS_DEFAULT_REGION")).orElseThrow(() ->
                        new ConfigException("AWS_REGION: not set (expected: the region of FARGATE_CLUSTER, e.g. "
                                + "eu-west-2)")),
                endpoint,
                capacityProviders(env),
                env.optional("FARGATE_PLATFORM_VERSION"),
                env.optional("FARGATE_TASK_ROLE_ARN"),
                env.optional("FARGATE_EXECUTION_ROLE_ARN"),
                env.string("FARGATE_STARTED_BY", "dataworkspace"),
                env.string("FARGATE_S3SYNC_CONTAINER", "s3sync"),
                env.integer("FARGATE_S3SYNC_PORT", 8082, 1, 65535),
                env.string("FARGATE_METRICS_CONTAINER", "metrics"),
                env.integer("FARGATE_METRICS_PORT", 9100, 1, 65535),
                env.duration("FARGATE_POLL_MIN", Duration.ofSeconds(1)),
                env.duration("FARGATE_POLL_MAX", Duration.ofSeconds(5)),
                env.duration("FARGATE_API_TIMEOUT", Duration.ofSeconds(20)),
                env.integer("FARGATE_MAX_ATTEMPTS", 5, 1, 20),
                env.duration("FARGATE_CPU_TIMEOUT", Duration.ofSeconds(2)),
                env.optional("FARGATE_CREDENTIALS_RELAY_PORT")
                        .map(raw -> env.integer("FARGATE_CREDENTIALS_RELAY_PORT", 0, 1, 65535)),
                credentials(env)));
    }

    private static AwsCredentialsProvider credentials(Env env) {
        Optional<String> keyId = env.optional("AWS_ACCESS_KEY_ID");
        Optional<String> secret = env.optional("AWS_SECRET_ACCESS_KEY");
        if (keyId.isEmpty() && secret.isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        if (keyId.isEmpty() || secret.isEmpty()) {
            throw new ConfigException("AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY: only one is set (expected: both, or "
                    + "neither to use the task role)");
        }
        Optional<String> token = env.optional("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(token.isPresent()
                ? AwsSessionCredentials.create(keyId.get(), secret.get(), token.get())
                : AwsBasicCredentials.create(keyId.get(), secret.get()));
    }

    private static List<String> list(Env env, String name) {
        List<String> values = new ArrayList<>();
        for (String part : env.string(name, "").split(",")) {
            if (!part.isBlank()) {
                values.add(part.trim());
            }
        }
        if (values.isEmpty()) {
            throw new ConfigException(name + ": not set (expected: a comma-separated list of ids, required with "
                    + "FARGATE_CLUSTER)");
        }
        return values;
    }

    private static Map<String, String> taskDefinitions(Env env) {
        Map<String, String> byTool = new LinkedHashMap<>();
        for (String part : env.string("FARGATE_TASK_DEFINITIONS", "").split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw new ConfigException("FARGATE_TASK_DEFINITIONS: \"" + part.trim()
                        + "\" (expected: tool=family pairs separated by commas, e.g. jupyterlab=dw-tool-jupyterlab)");
            }
            byTool.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        return byTool;
    }

    private static List<CapacityProvider> capacityProviders(Env env) {
        List<CapacityProvider> providers = new ArrayList<>();
        for (String part : env.string("FARGATE_CAPACITY_PROVIDERS", "").split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] fields = part.trim().split(":");
            try {
                if (fields.length > 3 || fields[0].isBlank()) {
                    throw new NumberFormatException();
                }
                providers.add(new CapacityProvider(fields[0], fields.length > 1 ? Integer.parseInt(fields[1]) : 1,
                        fields.length > 2 ? Integer.parseInt(fields[2]) : 0));
            } catch (NumberFormatException e) {
                throw new ConfigException("FARGATE_CAPACITY_PROVIDERS: \"" + part.trim()
                        + "\" (expected: name[:weight[:base]] entries separated by commas, e.g. "
                        + "FARGATE_SPOT:3,FARGATE:1:1)");
            }
        }
        return providers;
    }

    private static void checkId(String name, String value) {
        if (!AWS_ID.matcher(value).matches()) {
            throw new ConfigException(name + ": \"" + value
                    + "\" (expected: AWS names or ARNs: letters, digits and : / _ . -)");
        }
    }
}
