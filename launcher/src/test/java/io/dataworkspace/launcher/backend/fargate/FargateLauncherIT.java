package io.dataworkspace.launcher.backend.fargate;

import static io.dataworkspace.launcher.backend.fargate.FargateTestEnv.environmentOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.Launcher;
import io.dataworkspace.launcher.testing.ApiClient;
import io.dataworkspace.launcher.testing.ApiClient.Reply;
import io.dataworkspace.launcher.testing.Poll;
import io.dataworkspace.launcher.testing.TestLauncher;
import io.dataworkspace.launcher.testing.aws.FakeEcs;
import io.dataworkspace.launcher.testing.aws.FakeEcs.Call;
import io.dataworkspace.launcher.testing.aws.FakeEcs.Plan;
import io.dataworkspace.launcher.tool.ToolTemplate;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole launcher with {@code BACKEND=fargate} against the fake ECS: spawn workers, InstanceStarter's health check
 * (the fake gives tasks the address 127.0.0.1, where a local server plays the tool), the reconciler and the
 * Prometheus service discovery endpoint.
 */
class FargateLauncherIT {
    @TempDir
    static Path dataDir;

    private static final Vertx vertx = Vertx.vertx();
    private static FakeEcs ecs;
    private static HttpServer tool;
    private static TestLauncher launcher;
    private static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        ecs = FakeEcs.start(FargateTestEnv.REGION, FargateTestEnv.CLUSTER);
        ecs.plan("dw-tool-broken", Plan.imagePullFailure("docker.io/library/no-such-image:latest"));
        tool = vertx.createHttpServer().requestHandler(req -> req.response().end("tool"))
                .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        Map<String, String> env = new HashMap<>(FargateTestEnv.env(ecs, Map.of(
                "BACKEND", "fargate",
                "TOOLS_FILE", templates(tool.actualPort()).toString(),
                "FARGATE_METRICS_PORT", "19100")));
        launcher = TestLauncher.start(dataDir, env);
        api = new ApiClient(launcher.apiBase(), TestLauncher.TOKEN);
    }

    /** Templates that name the local backend, as the built-in ones do: BACKEND=fargate must override that. */
    private static Path templates(int toolPort) throws IOException {
        String yaml = """
                tools:
                  - slug: web
                    name: Fargate web tool
                    backend: local
                    port: %d
                    healthPath: /
                    cpu: 0.5
                    memory: 1024
                    startupTimeout: 30s
                    local:
                      command: [python3, -m, http.server, "${PORT}"]
                    fargate:
                      containerName: tool
                  - slug: broken
                    name: Broken image
                    backend: local
                    port: %d
                    healthPath: /
                    startupTimeout: 30s
                    local:
                      command: [python3, -m, http.server, "${PORT}"]
                  - slug: nodef
                    name: No task definition
                    local:
                      command: [python3, -m, http.server, "${PORT}"]
                """.formatted(toolPort, toolPort);
        Path file = dataDir.resolve("fargate-tools.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            launcher.close();
        } finally {
            ecs.close();
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static String newUser() {
        return api.newUser("Fargate User");
    }

    private static JsonObject awaitState(String instanceId, String state) {
        return api.awaitState(instanceId, state);
    }

    private static List<String> messages(JsonObject instance) {
        return instance.getJsonArray("progress").stream().map(p -> ((JsonObject) p).getString("message")).toList();
    }

    @Test
    void shouldStartAToolOnFargateListItsSidecarsAndStopIt() {
        String user = newUser();
        Reply started = api.post("/api/v1/instances", new JsonObject().put("userId", user).put("tool", "web"));
        assertThat(started.status()).isEqualTo(201);
        String id = started.json().getString("id");
        assertThat(started.json().getString("backend")).isEqualTo("fargate");

        JsonObject running = awaitState(id, "RUNNING");
        assertThat(running.getJsonObject("endpoint"))
                .isEqualTo(new JsonObject().put("host", "127.0.0.1").put("port", tool.actualPort()));
        assertThat(messages(running)).containsSubsequence("Queued", "Provisioning",
                "Asking AWS for a 0.5 vCPU, 1024 MiB Fargate task", "Pulling the tool's image",
                "Waiting for Fargate web tool to answer", "Ready");
        Call run = ecs.calls("RunTask").stream()
                .filter(c -> c.body().getString("clientToken").equals("dw-" + id)).findFirst().orElseThrow();
        assertThat(run.body().getString("taskDefinition")).isEqualTo("dw-tool-web");
        Map<String, String> toolEnv = environmentOf(run.body(), "tool");
        Map<String, String> syncEnv = environmentOf(run.body(), "s3sync");
        assertThat(toolEnv).containsEntry("DATAWORKSPACE_USER_ID", user).containsKey("AWS_CONTAINER_AUTHORIZATION_TOKEN");
        // s3sync gets the instance's credentials and its prefix, and nothing else of the tool's environment
        assertThat(syncEnv).containsEntry("AWS_CONTAINER_AUTHORIZATION_TOKEN",
                        toolEnv.get("AWS_CONTAINER_AUTHORIZATION_TOKEN"))
                .containsEntry("AWS_CONTAINER_CREDENTIALS_FULL_URI", toolEnv.get("AWS_CONTAINER_CREDENTIALS_FULL_URI"))
                .containsEntry("S3SYNC_PREFIX", toolEnv.getOrDefault("S3_PREFIX", "user/" + user + "/"))
                .doesNotContainKeys("DATAWORKSPACE_USER_ID", "DATAWORKSPACE_USER_EMAIL", "PGPASSWORD");
        assertThat(environmentOf(run.body(), "metrics")).isNull();

        JsonArray groups = new JsonArray(api.get("/api/v1/prometheus/targets").body());
        assertThat(groups).containsExactlyInAnyOrder(
                target("127.0.0.1:19100", "metrics", user, id),
                target("127.0.0.1:8082", "s3sync", user, id));

        String taskArn = Poll.until(Duration.ofSeconds(10), "the task id", () -> launcher.launcher().instances()
                .find(UUID.fromString(id)).flatMap(i -> i.taskId()));
        assertThat(api.post("/api/v1/instances/" + id + "/stop", new JsonObject()).status()).isEqualTo(202);
        awaitState(id, "STOPPED");
        assertThat(ecs.calls("StopTask")).anySatisfy(c -> assertThat(c.body().getString("task")).isEqualTo(taskArn));
        assertThat(ecs.runningTasks()).doesNotContain(taskArn);
        assertThat(ecs.violations()).isEmpty();
    }


    @Test
    void shouldStartTheSizeTheUserChoseOnFargate() {
        JsonArray sizes = new JsonArray().add(new JsonObject().put("name", "large").put("cpuMillicores", 2000)
                .put("memoryMb", 8192));
        Reply edited = api.send("PATCH", "/api/v1/tools/web", new JsonObject().put("sizes", sizes).encode());
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        String user = newUser();
        Reply started = api.post("/api/v1/instances", new JsonObject().put("userId", user).put("tool", "web")
                .put("size", "large"));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String id = started.json().getString("id");
        JsonObject running = awaitState(id, "RUNNING");
        assertThat(messages(running)).contains("Asking AWS for a 2.0 vCPU, 8192 MiB Fargate task");
        Call run = ecs.calls("RunTask").stream()
                .filter(c -> c.body().getString("clientToken").equals("dw-" + id)).findFirst().orElseThrow();
        assertThat(run.body().getJsonObject("overrides").getString("cpu")).isEqualTo("2048");
        assertThat(run.body().getJsonObject("overrides").getString("memory")).isEqualTo("8192");
        assertThat(api.post("/api/v1/instances/" + id + "/stop", new JsonObject()).status()).isEqualTo(202);
        awaitState(id, "STOPPED");
    }

    private static JsonObject target(String address, String sidecar, String user, String instanceId) {
        return new JsonObject().put("targets", new JsonArray().add(address)).put("labels", new JsonObject()
                .put("tool", "web").put("user", user).put("instance_id", instanceId).put("sidecar", sidecar));
    }

    @Test
    void shouldFailWithAReadableReasonWhenTheImageCannotBePulled() {
        String user = newUser();
        String id = api.post("/api/v1/instances", new JsonObject().put("userId", user).put("tool", "broken"))
                .json().getString("id");
        JsonObject failed = awaitState(id, "FAILED");
        assertThat(failed.getString("failureReason"))
                .startsWith("Broken image stopped before it answered: the tool's container image could not be "
                        + "downloaded (CannotPullContainerError:")
                .contains("no-such-image");
    }

    @Test
    void shouldListAToolWithoutATaskDefinitionAsUnavailable() {
        ToolTemplate nodef = launcher.launcher().tools().find("nodef").orElseThrow();
        assertThat(nodef.backend()).isEqualTo("fargate");
        assertThat(nodef.unavailableReason()).hasValueSatisfying(reason ->
                assertThat(reason).startsWith("no ECS task definition is configured for nodef"));
        String user = newUser();
        Reply refused = api.post("/api/v1/instances", new JsonObject().put("userId", user).put("tool", "nodef"));
        assertThat(refused.status()).isBetween(400, 499);
        assertThat(refused.body()).contains("no ECS task definition is configured for nodef");
    }

    @Test
    void shouldStopAnOrphanTaskTheReconcilerFindsByTag() {
        UUID unknownInstance = UUID.randomUUID();
        String orphan = ecs.addRunningTask("dw-tool-web", "dataworkspace", Map.of(
                "dataworkspace:instance", unknownInstance.toString(), "dataworkspace:port", "8888"));
        Launcher l = launcher.launcher();
        l.reconciler().reconcile();

        assertThat(ecs.runningTasks()).doesNotContain(orphan);
        assertThat(ecs.stoppedReason(orphan)).contains(FargateBackend.STOP_REASON);
        List<String> actions = l.database().jdbc().query(
                "SELECT action FROM audit_events WHERE target = ? ORDER BY id", rs -> rs.getString(1),
                unknownInstance.toString());
        assertThat(actions).containsExactly("instance.orphan_stopped");
    }
}
