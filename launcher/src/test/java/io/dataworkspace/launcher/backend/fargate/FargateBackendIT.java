package io.dataworkspace.launcher.backend.fargate;

import static io.dataworkspace.launcher.backend.fargate.FargateTestEnv.environmentOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataworkspace.launcher.backend.BackendException;
import io.dataworkspace.launcher.backend.BackendTask;
import io.dataworkspace.launcher.backend.ContainerBackend.ScrapeTarget;
import io.dataworkspace.launcher.backend.TaskSpec;
import io.dataworkspace.launcher.backend.TaskStatus;
import io.dataworkspace.launcher.instance.Endpoint;
import io.dataworkspace.launcher.testing.Poll;
import io.dataworkspace.launcher.testing.aws.FakeEcs;
import io.dataworkspace.launcher.testing.aws.FakeEcs.Call;
import io.dataworkspace.launcher.testing.aws.FakeEcs.Plan;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Fargate backend against a fake ECS that checks what the AWS SDK really sends. */
class FargateBackendIT {
    private FakeEcs ecs;
    private final List<FargateBackend> backends = new ArrayList<>();

    @BeforeEach
    void startFake() {
        ecs = FakeEcs.start(FargateTestEnv.REGION, FargateTestEnv.CLUSTER);
    }

    @AfterEach
    void stopFake() {
        backends.forEach(FargateBackend::close);
        ecs.close();
    }

    private FargateBackend backend(Map<String, String> overrides) {
        FargateBackend backend = FargateBackend.create(FargateTestEnv.config(ecs, overrides));
        backends.add(backend);
        return backend;
    }

    private static TaskSpec spec(String tool) {
        Map<String, String> env = new HashMap<>();
        env.put("DATAWORKSPACE_USER_ID", "u123");
        env.put("PGPASSWORD", "database-secret");
        env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", "https://launcher.internal/task-credentials/aws");
        env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", "instance-token");
        env.put("S3_PREFIX", "user/u123/");
        env.put("S3_BUCKET", "dw-users");
        return new TaskSpec(UUID.randomUUID(), FargateTestEnv.tool(tool, 8888), "u123", env);
    }

    @Test
    void shouldRunTheTaskPrivatelySizedTaggedAndWithEachContainersOwnEnvironment() throws Exception {
        FargateBackend backend = backend(Map.of());
        TaskSpec spec = spec("web");
        List<String> progress = new ArrayList<>();
        String arn = backend.start(spec, progress::add);

        assertThat(arn).startsWith("arn:aws:ecs:eu-west-2:123456789012:task/dw-tools/");
        assertThat(progress).contains("Asking AWS for a 2.0 vCPU, 4096 MiB Fargate task");
        Call call = ecs.calls("RunTask").get(0);
        assertThat(call.headers()).containsEntry("x-amz-target", "AmazonEC2ContainerServiceV20141113.RunTask");
        assertThat(call.headers().get("content-type")).startsWith("application/x-amz-json-1.1");
        assertThat(call.headers().get("authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDFAKEECSTEST/").contains("/eu-west-2/ecs/aws4_request");
        assertThat(ecs.violations()).isEmpty();

        JsonObject body = call.body();
        assertThat(body.getString("cluster")).isEqualTo("dw-tools");
        assertThat(body.getString("taskDefinition")).isEqualTo("dw-tool-web");
        assertThat(body.getString("launchType")).isEqualTo("FARGATE");
        assertThat(body.containsKey("capacityProviderStrategy")).isFalse();
        assertThat(body.getInteger("count")).isEqualTo(1);
        JsonObject awsvpc = body.getJsonObject("networkConfiguration").getJsonObject("awsvpcConfiguration");
        assertThat(awsvpc.getJsonArray("subnets")).containsExactly("subnet-0aaa", "subnet-0bbb");
        assertThat(awsvpc.getJsonArray("securityGroups")).containsExactly("sg-0tools");
        assertThat(awsvpc.getString("assignPublicIp")).isEqualTo("DISABLED");
        assertThat(body.getJsonObject("overrides").getString("cpu")).isEqualTo("2048");
        assertThat(body.getJsonObject("overrides").getString("memory")).isEqualTo("4096");
        assertThat(body.getString("startedBy")).isEqualTo("dataworkspace");
        assertThat(body.getString("clientToken")).isEqualTo("dw-" + spec.instanceId()).hasSizeLessThanOrEqualTo(64);
        Map<String, String> tags = new HashMap<>();
        body.getJsonArray("tags").forEach(t -> tags.put(((JsonObject) t).getString("key"),
                ((JsonObject) t).getString("value")));
        assertThat(tags).containsEntry("dataworkspace:instance", spec.instanceId().toString())
                .containsEntry("dataworkspace:owner", "u123").containsEntry("dataworkspace:tool", "web");

        assertThat(environmentOf(body, "tool")).isEqualTo(spec.environment());
        assertThat(environmentOf(body, "s3sync")).containsOnlyKeys("AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_REGION", "S3SYNC_PREFIX", "S3SYNC_BUCKET")
                .containsEntry("S3SYNC_PREFIX", "user/u123/").containsEntry("AWS_REGION", "eu-west-2");
        assertThat(environmentOf(body, "metrics")).isNull();
    }

    @Test
    void shouldPointTheToolAndS3syncAtTheLoopbackRelayWhenOneIsConfigured() throws Exception {
        TaskSpec spec = spec("web");
        backend(Map.of("FARGATE_CREDENTIALS_RELAY_PORT", "9780")).start(spec, m -> { });

        JsonObject body = ecs.calls("RunTask").get(0).body();
        Map<String, String> tool = environmentOf(body, "tool");
        Map<String, String> s3sync = environmentOf(body, "s3sync");
        assertThat(tool).containsEntry("AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "http://127.0.0.1:9780/task-credentials/aws");
        assertThat(s3sync).containsEntry("AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "http://127.0.0.1:9780/task-credentials/aws");
        // the token is the instance's own, unchanged: the relay forwards it to the launcher
        assertThat(tool).containsEntry("AWS_CONTAINER_AUTHORIZATION_TOKEN", "instance-token");
        assertThat(s3sync).containsEntry("AWS_CONTAINER_AUTHORIZATION_TOKEN", "instance-token");
        Map<String, String> rest = new HashMap<>(tool);
        rest.remove("AWS_CONTAINER_CREDENTIALS_FULL_URI");
        Map<String, String> expected = new HashMap<>(spec.environment());
        expected.remove("AWS_CONTAINER_CREDENTIALS_FULL_URI");
        assertThat(rest).isEqualTo(expected);
        assertThat(environmentOf(body, "metrics")).isNull();
    }

    @Test
    void shouldKeepTheIssuedCredentialsUrlWithoutARelay() throws Exception {
        backend(Map.of()).start(spec("web"), m -> { });
        JsonObject body = ecs.calls("RunTask").get(0).body();
        assertThat(environmentOf(body, "tool")).containsEntry("AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "https://launcher.internal/task-credentials/aws");
        assertThat(environmentOf(body, "s3sync")).containsEntry("AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "https://launcher.internal/task-credentials/aws");
    }

    @Test
    void shouldSendNoS3syncOverrideForAVisualisation() throws Exception {
        Map<String, String> env = new HashMap<>(spec("web").environment());
        env.remove("S3_PREFIX");
        TaskSpec spec = new TaskSpec(UUID.randomUUID(), FargateTestEnv.visualisation("dash", 8050), "u123", env);
        backend(Map.of("FARGATE_TASK_DEFINITIONS", "web=dw-tool-web,dash=dw-tool-dash",
                "FARGATE_CREDENTIALS_RELAY_PORT", "9780")).start(spec, m -> { });

        JsonObject body = ecs.calls("RunTask").get(0).body();
        assertThat(body.getString("taskDefinition")).isEqualTo("dw-tool-dash");
        assertThat(body.getJsonObject("overrides").getJsonArray("containerOverrides")).hasSize(1);
        assertThat(environmentOf(body, "s3sync")).isNull();
        assertThat(environmentOf(body, "tool")).containsEntry("AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "http://127.0.0.1:9780/task-credentials/aws").doesNotContainKey("S3SYNC_PREFIX");
        assertThat(body.encode()).doesNotContain("user/u123/");
    }

    @Test
    void shouldSizeTheTaskWithTheChosenSizeRatherThanTheTemplateDefault() throws Exception {
        TaskSpec byDefault = spec("web");
        TaskSpec large = new TaskSpec(UUID.randomUUID(), byDefault.tool(), "u123", byDefault.environment(), 4000,
                16384);
        List<String> progress = new ArrayList<>();
        backend(Map.of()).start(large, progress::add);
        assertThat(progress).contains("Asking AWS for a 4.0 vCPU, 16384 MiB Fargate task");
        JsonObject overrides = ecs.calls("RunTask").get(0).body().getJsonObject("overrides");
        assertThat(overrides.getString("cpu")).isEqualTo("4096");
        assertThat(overrides.getString("memory")).isEqualTo("16384");
    }

    @Test
    void shouldUseTheCapacityProviderStrategyWhenConfigured() throws Exception {
        backend(Map.of("FARGATE_CAPACITY_PROVIDERS", "FARGATE_SPOT:3,FARGATE:1:1")).start(spec("web"), m -> { });
        JsonObject body = ecs.calls("RunTask").get(0).body();
        assertThat(body.containsKey("launchType")).isFalse();
        assertThat(body.getJsonArray("capacityProviderStrategy")).containsExactly(
                new JsonObject().put("capacityProvider", "FARGATE_SPOT").put("weight", 3).put("base", 0),
                new JsonObject().put("capacityProvider", "FARGATE").put("weight", 1).put("base", 1));
    }

    @Test
    void shouldGoThroughTheStartingStatesToRunningAtTheTasksAddress() throws Exception {
        FargateBackend backend = backend(Map.of());
        String arn = backend.start(spec("web"), m -> { });
        List<String> messages = new ArrayList<>();
        TaskStatus.Running running = Poll.until(Duration.ofSeconds(10), "the task to run", () -> {
            TaskStatus status = backend.status(arn);
            if (status instanceof TaskStatus.Pending p && !messages.contains(p.message())) {
                messages.add(p.message());
            }
            return status instanceof TaskStatus.Running r ? Optional.of(r) : Optional.empty();
        });
        assertThat(running.endpoint()).isEqualTo(new Endpoint("127.0.0.1", 8888));
        assertThat(messages).contains("Pulling the tool's image", "Starting the containers");
        Call describe = ecs.calls("DescribeTasks").get(0);
        assertThat(describe.body().getJsonArray("include")).containsExactly("TAGS");
        assertThat(ecs.violations()).isEmpty();
    }

    @Test
    void shouldPaceDescribeTasksHoweverOftenStatusIsAsked() throws Exception {
        FargateBackend backend = backend(Map.of("FARGATE_POLL_MIN", "2s", "FARGATE_POLL_MAX", "5s"));
        String arn = backend.start(spec("web"), m -> { });
        for (int i = 0; i < 200; i++) {
            backend.status(arn);
        }
        // the RunTask answer counts as the first description; one more is due after 2 s at the earliest
        assertThat(ecs.calls("DescribeTasks").size()).isLessThanOrEqualTo(1);
    }

    @Test
    void shouldReportAnImagePullFailureInWords() throws Exception {
        ecs.plan("dw-tool-broken", Plan.imagePullFailure("docker.io/library/no-such-image:latest"));
        FargateBackend backend = backend(Map.of());
        String arn = backend.start(spec("broken"), m -> { });
        TaskStatus.Exited exited = Poll.until(Duration.ofSeconds(10), "the task to stop", () ->
                backend.status(arn) instanceof TaskStatus.Exited e ? Optional.of(e) : Optional.empty());
        assertThat(exited.reason()).startsWith("the tool's container image could not be downloaded")
                .contains("no-such-image");
    }

    @Test
    void shouldRetryThrottlingAndServerErrorsWithTheSameClientToken() throws Exception {
        ecs.failNext("RunTask", 2, FakeEcs.Error.throttling());
        ecs.failNext("RunTask", 1, FakeEcs.Error.server());
        FargateBackend backend = backend(Map.of());
        TaskSpec spec = spec("web");
        String arn = backend.start(spec, m -> { });

        assertThat(ecs.calls("RunTask")).hasSize(4)
                .allSatisfy(c -> assertThat(c.body().getString("clientToken")).isEqualTo("dw-" + spec.instanceId()));
        assertThat(ecs.runningTasks()).containsExactly(arn);
    }

    @Test
    void shouldGiveUpAfterTheConfiguredAttempts() {
        ecs.failNext("RunTask", 10, FakeEcs.Error.throttling());
        FargateBackend backend = backend(Map.of("FARGATE_MAX_ATTEMPTS", "3"));
        assertThatThrownBy(() -> backend.start(spec("web"), m -> { }))
                .isInstanceOf(BackendException.class)
                .hasMessage("ECS RunTask still failed after 3 attempts: ThrottlingException: Rate exceeded");
        assertThat(ecs.calls("RunTask")).hasSize(3);
        assertThat(ecs.runningTasks()).isEmpty();
    }

    @Test
    void shouldNotRetryAnInvalidRequest() {
        ecs.failNext("RunTask", 1, FakeEcs.Error.invalidParameter("TaskDefinition is inactive"));
        FargateBackend backend = backend(Map.of());
        assertThatThrownBy(() -> backend.start(spec("web"), m -> { }))
                .hasMessage("ECS refused RunTask: TaskDefinition is inactive (InvalidParameterException)");
        assertThat(ecs.calls("RunTask")).hasSize(1);
    }

    @Test
    void shouldRetryWhenFargateHasNoCapacityAndSayWhenItNeverHas() throws Exception {
        ecs.runTaskFailureNext("Capacity is unavailable at this time. Please try again later or in a different "
                + "availability zone", null);
        FargateBackend backend = backend(Map.of());
        TaskSpec spec = spec("web");
        backend.start(spec, m -> { });
        // the first attempt launched nothing, so the second may (and does) use a new token
        assertThat(ecs.calls("RunTask")).extracting(c -> c.body().getString("clientToken"))
                .containsExactly("dw-" + spec.instanceId(), "dw-" + spec.instanceId() + "-1");

        for (int i = 0; i < 3; i++) {
            ecs.runTaskFailureNext("RESOURCE:CPU", null);
        }
        FargateBackend twoAttempts = backend(Map.of("FARGATE_MAX_ATTEMPTS", "2"));
        assertThatThrownBy(() -> twoAttempts.start(spec("web"), m -> { }))
                .hasMessageStartingWith("AWS has no Fargate capacity for this tool right now");
    }

    @Test
    void shouldReturnTheSameTaskWhenAStartIsRetried() throws Exception {
        FargateBackend backend = backend(Map.of());
        TaskSpec spec = spec("web");
        String first = backend.start(spec, m -> { });
        String again = backend(Map.of()).start(spec, m -> { });
        assertThat(again).isEqualTo(first);
        assertThat(ecs.runningTasks()).containsExactly(first);
    }

    @Test
    void shouldStopWithAReasonAndIgnoreGoneTasks() throws Exception {
        FargateBackend backend = backend(Map.of());
        String arn = backend.start(spec("web"), m -> { });
        backend.stop(arn, Duration.ofSeconds(1));
        Call stop = ecs.calls("StopTask").get(0);
        assertThat(stop.body().getString("task")).isEqualTo(arn);
        assertThat(stop.body().getString("cluster")).isEqualTo("dw-tools");
        assertThat(ecs.stoppedReason(arn)).contains(FargateBackend.STOP_REASON);
        assertThat(ecs.runningTasks()).isEmpty();
        assertThat(backend.status(arn)).isInstanceOf(TaskStatus.Exited.class);

        backend.stop("arn:aws:ecs:eu-west-2:123456789012:task/dw-tools/gone", Duration.ofSeconds(1));
    }

    @Test
    void shouldListTheDeploymentsTasksByTagAcrossPages() throws Exception {
        ecs.listPageSize(2);
        FargateBackend backend = backend(Map.of());
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            ecs.addRunningTask("dw-tool-web", "dataworkspace", Map.of("dataworkspace:instance", id.toString()));
        }
        ecs.addRunningTask("dw-tool-web", "dataworkspace", Map.of("team", "no instance tag"));
        ecs.addRunningTask("dw-tool-web", "another-deployment", Map.of("dataworkspace:instance",
                UUID.randomUUID().toString()));

        List<BackendTask> tasks = backend.list();
        assertThat(tasks).extracting(BackendTask::instanceId).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(ecs.calls("ListTasks")).hasSize(3)
                .allSatisfy(c -> assertThat(c.body().getString("startedBy")).isEqualTo("dataworkspace"));
    }

    @Test
    void shouldListTheMetricsAndS3syncSidecarsForPrometheus() {
        FargateBackend backend = backend(Map.of());
        assertThat(backend.scrapeTargets("arn", new Endpoint("10.0.3.17", 8888), true)).containsExactly(
                new ScrapeTarget("metrics", "10.0.3.17:9100"), new ScrapeTarget("s3sync", "10.0.3.17:8082"));
        assertThat(backend.scrapeTargets("arn", new Endpoint("10.0.3.17", 8888), false)).as("a visualisation")
                .containsExactly(new ScrapeTarget("metrics", "10.0.3.17:9100"));
    }

    @Test
    void shouldReadCpuSecondsFromTheMetricsSidecar() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer sidecar = vertx.createHttpServer().requestHandler(req -> req.response()
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("fetchedAt", "2026-11-21T09:15:30.140Z")
                            .put("containers", new JsonArray()
                                    .add(new JsonObject().put("name", "tool").put("cpuSeconds", 183.5)
                                            .put("sampledAt", "2026-11-21T09:15:30.123Z")))
                            .put("unavailable", new JsonArray()).encode()))
                    .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
            FargateBackend backend = backend(Map.of("FARGATE_METRICS_PORT",
                    Integer.toString(sidecar.actualPort())));
            String arn = backend.start(spec("web"), m -> { });
            Poll.until(Duration.ofSeconds(10), "the task to run", () -> backend.status(arn) instanceof TaskStatus.Running);
            assertThat(backend.cpuSeconds(arn)).contains(183.5);

            sidecar.close().await(10, TimeUnit.SECONDS);
            assertThat(backend.cpuSeconds(arn)).isEmpty();
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldSayWhyAToolWithoutATaskDefinitionIsUnavailable() {
        FargateBackend backend = backend(Map.of());
        assertThat(backend.unavailableReason(FargateTestEnv.tool("web", 8888))).isEmpty();
        assertThat(backend.unavailableReason(FargateTestEnv.tool("other", 8888))).contains(
                "no ECS task definition is configured for other (add other=<family> to FARGATE_TASK_DEFINITIONS, or "
                        + "fargate.taskDefinition to its template)");
    }
}
