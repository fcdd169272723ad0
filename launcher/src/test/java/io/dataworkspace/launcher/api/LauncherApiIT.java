package io.dataworkspace.launcher.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.backend.BackendTask;
import io.dataworkspace.launcher.backend.ContainerBackend;
import io.dataworkspace.launcher.testing.ApiClient;
import io.dataworkspace.launcher.testing.ApiClient.Reply;
import io.dataworkspace.launcher.testing.TestLauncher;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherApiIT {
    @TempDir
    static Path dataDir;

    private static TestLauncher launcher;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        launcher = TestLauncher.start(dataDir, Map.of("SPAWN_WORKERS", "8"));
        api = new ApiClient(launcher.apiBase(), TestLauncher.TOKEN);
    }

    @AfterAll
    static void stop() {
        launcher.close();
    }

    private static String newUser() {
        return api.newUser("Test User");
    }

    private static JsonObject awaitState(String instanceId, String state) {
        return api.awaitState(instanceId, state);
    }

    @Test
    void shouldStartAToolAnswerThroughItsEndpointAndStopIt() throws Exception {
        String user = newUser();
        Reply started = api.post("/api/v1/instances", new JsonObject().put("userId", user).put("tool", "web"));
        assertThat(started.status()).isEqualTo(201);
        String id = started.json().getString("id");
        assertThat(started.json().getString("host")).isEqualTo("web-" + user);

        JsonObject running = awaitState(id, "RUNNING");
        JsonObject endpoint = running.getJsonObject("endpoint");
        URI toolUri = URI.create("http://" + endpoint.getString("host") + ":" + endpoint.getInteger("port") + "/");
        HttpResponse<String> fromTool = HttpClient.newHttpClient().send(HttpRequest.newBuilder(toolUri).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(fromTool.statusCode()).isEqualTo(200);
        assertThat(running.getJsonArray("progress").stream().map(p -> ((JsonObject) p).getString("message")))
                .containsSubsequence("Queued", "Provisioning", "Starting Test web server",
                        "Waiting for Test web server to answer", "Ready");

        Reply stop = api.post("/api/v1/instances/" + id + "/stop", new JsonObject());
        assertThat(stop.status()).isEqualTo(202);
        awaitState(id, "STOPPED");
        assertThat(tasksOf(id)).isEmpty();
        assertThat(auditActions(id)).contains("instance.start", "instance.stop");
    }

    @Test
    void shouldStartExactlyOneProcessForAHundredConcurrentRequests() throws Exception {
        String user = newUser();
        ExecutorService pool = Executors.newFixedThreadPool(100);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            replies.add(pool.submit(() -> {
                go.await();
                return api.post("/api/v1/instances", new JsonObject().put("userId", user).put("tool", "web"));
            }));
        }
        go.countDown();
        Set<String> ids = ConcurrentHashMap.newKeySet();
        int created = 0;
        for (Future<Reply> f : replies) {
            Reply reply = f.get();
            assertThat(reply.status()).isIn(200, 201);
            created += reply.status() == 201 ? 1 : 0;
            ids.add(reply.json().getString("id"));
        }
        pool.shutdown();
        assertThat(ids).hasSize(1);
        assertThat(created).isEqualTo(1);
        String id = ids.iterator().next();
        awaitState(id, "RUNNING");
        assertThat(tasksOf(id)).hasSize(1);
        JsonArray list = api.get("/api/v1/instances?userId=" + user).json().getJsonArray("instances");
        assertThat(list).hasSize(1);
        api.post("/api/v1/instances/" + id + "/stop", new JsonObject());
        awaitState(id, "STOPPED");
    }

    @Test
    void shouldFailAToolThatExitsWithItsOutputAndReason() {
        String user = newUser();
        String id = api.post("/api/v1/instances", new JsonObject().put("userId", user).put("tool", "broken"))
                .json().getString("id");
        JsonObject failed = awaitState(id, "FAILED");
        assertThat(failed.getString("failureReason"))
                .isEqualTo("Broken tool stopped before it answered: the tool exited with code 3");
        assertThat(failed.getJsonArray("progress").encode()).contains("cannot open config file");
    }

    @Test
    void shouldFailAToolThatNeverAnswersAndStopItsProcess() {
        String user = newUser();
        String id = api.post("/api/v1/instances", new JsonObject().put("userId", user).put("tool", "silent"))
                .json().getString("id");
        JsonObject failed = awaitState(id, "FAILED");
        assertThat(failed.getString("failureReason")).isEqualTo("Silent tool did not answer on / within 2 s");
        assertThat(tasksOf(id)).isEmpty();
    }

    @Test
    void shouldRefuseBadRequestsWithClearErrors() {
        String user = newUser();
        Reply unknownTool = api.post("/api/v1/instances", new JsonObject().put("userId", user).put("tool", "nope"));
        assertThat(unknownTool.status()).isEqualTo(404);
        assertThat(unknownTool.json().getString("message")).isEqualTo("no tool named nope");

        Reply unknownUser = api.post("/api/v1/instances", new JsonObject().put("userId", "nobody").put("tool", "web"));
        assertThat(unknownUser.status()).isEqualTo(404);

        Reply unavailable = api.post("/api/v1/instances", new JsonObject().put("userId", user).put("tool", "missing"));
        assertThat(unavailable.status()).isEqualTo(409);
        assertThat(unavailable.json().getString("message")).isEqualTo("Missing tool cannot be started here: "
                + "no-such-program-dataworkspace is not installed on this machine (not found on PATH)");

        Reply malformed = api.send("POST", "/api/v1/instances", "{not json");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().getString("message")).isEqualTo("the body is not a JSON object");

        Reply missingField = api.post("/api/v1/instances", new JsonObject().put("userId", user));
        assertThat(missingField.status()).isEqualTo(400);
        assertThat(missingField.json().getString("message")).startsWith("tool: null");

        assertThat(api.get("/api/v1/instances/not-a-uuid").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/instances/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/nothing-here").status()).isEqualTo(404);

        Reply duplicate = api.post("/api/v1/users", new JsonObject().put("email", "dup@example.test"));
        assertThat(duplicate.status()).isEqualTo(201);
        assertThat(api.post("/api/v1/users", new JsonObject().put("email", "DUP@example.test")).status())
                .isEqualTo(409);
        assertThat(api.post("/api/v1/users", new JsonObject().put("email", "not-an-email")).status())
                .isEqualTo(400);
    }

    @Test
    void shouldRefuseADisabledUserAndStopTheirTools() {
        String user = newUser();
        String id = api.post("/api/v1/instances", new JsonObject().put("userId", user).put("tool", "web"))
                .json().getString("id");
        awaitState(id, "RUNNING");

        Reply disable = api.send("PATCH", "/api/v1/users/" + user, "{\"disabled\": true}");
        assertThat(disable.status()).isEqualTo(200);
        assertThat(disable.json().getBoolean("disabled")).isTrue();
        awaitState(id, "STOPPED");

        Reply refused = api.post("/api/v1/instances", new JsonObject().put("userId", user).put("tool", "web"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().getString("message")).endsWith("is disabled");
    }

    @Test
    void shouldRequireTheBearerToken() {
        Reply noToken = api.withoutToken("/api/v1/tools");
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.json().getString("message")).isEqualTo("a valid bearer token or session is required");
        Reply wrongToken = new ApiClient(launcher.apiBase(), "wrong-token-0123456789").get("/api/v1/tools");
        assertThat(wrongToken.status()).isEqualTo(401);
    }

    @Test
    void shouldListToolsWithTheReasonWhyOneIsUnavailable() {
        JsonArray tools = api.get("/api/v1/tools").json().getJsonArray("tools");
        JsonObject missing = tools.stream().map(JsonObject.class::cast)
                .filter(t -> t.getString("slug").equals("missing")).findFirst().orElseThrow();
        assertThat(missing.getBoolean("available")).isFalse();
        assertThat(missing.getString("unavailableReason")).contains("not installed");
        JsonObject web = tools.stream().map(JsonObject.class::cast)
                .filter(t -> t.getString("slug").equals("web")).findFirst().orElseThrow();
        assertThat(web.getBoolean("available")).isTrue();
    }

    @Test
    void shouldServeHealthAndMetricsWithoutTheToken() {
        Reply health = api.withoutToken("/healthz");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().getString("database")).isEqualTo("ok");

        String user = newUser();
        String id = api.post("/api/v1/instances", new JsonObject().put("userId", user).put("tool", "web"))
                .json().getString("id");
        awaitState(id, "RUNNING");
        String metrics = api.withoutToken("/metrics").body();
        assertThat(metrics).contains("dataworkspace_spawn_duration_seconds_bucket{backend=\"local\",outcome=\"success\","
                + "tool=\"web\"", "dataworkspace_spawn_queue_depth");
        api.post("/api/v1/instances/" + id + "/stop", new JsonObject());
        awaitState(id, "STOPPED");
    }

    @Test
    void shouldServePrometheusServiceDiscoveryWithNoTargetsForLocalTools() {
        String user = newUser();
        String id = api.post("/api/v1/instances", new JsonObject().put("userId", user).put("tool", "web"))
                .json().getString("id");
        awaitState(id, "RUNNING");
        Reply targets = api.get("/api/v1/prometheus/targets");
        assertThat(targets.status()).isEqualTo(200);
        // local tools run no metrics sidecar: nothing to scrape, but a valid (empty) target list
        assertThat(new JsonArray(targets.body())).isEmpty();
        assertThat(api.withoutToken("/api/v1/prometheus/targets").status()).isEqualTo(401);
        api.post("/api/v1/instances/" + id + "/stop", new JsonObject());
        awaitState(id, "STOPPED");
    }

    private static List<BackendTask> tasksOf(String instanceId) {
        List<BackendTask> tasks = new ArrayList<>();
        for (ContainerBackend backend : launcher.launcher().backends().all()) {
            try {
                backend.list().stream().filter(t -> t.instanceId().toString().equals(instanceId)).forEach(tasks::add);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return tasks;
    }

    private static List<String> auditActions(String target) {
        return launcher.launcher().database().jdbc().query(
                "SELECT action FROM audit_events WHERE target = ? ORDER BY id", rs -> rs.getString(1), target);
    }
}
