package io.dataworkspace.launcher.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.backend.BackendTask;
import io.dataworkspace.launcher.backend.HealthProbe;
import io.dataworkspace.launcher.backend.TaskSpec;
import io.dataworkspace.launcher.backend.TaskStatus;
import io.dataworkspace.launcher.instance.Endpoint;
import io.dataworkspace.launcher.testing.Poll;
import io.dataworkspace.launcher.testing.TestTools;
import io.dataworkspace.launcher.tool.ToolCatalogFile;
import io.dataworkspace.launcher.tool.ToolTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalProcessBackendIT {
    @TempDir
    Path dataDir;

    private LocalProcessBackend backend;
    private List<ToolTemplate> tools;
    private final HealthProbe probe = new HealthProbe();

    @BeforeEach
    void setUp() {
        backend = new LocalProcessBackend(dataDir.resolve("home"), dataDir.resolve("instances"), 20000, 29999);
        tools = ToolCatalogFile.read(TestTools.writeTemplates(dataDir.resolve("config")));
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (BackendTask task : backend.list()) {
            backend.stop(task.taskId(), Duration.ofSeconds(1));
        }
    }

    private ToolTemplate tool(String slug) {
        return tools.stream().filter(t -> t.slug().equals(slug)).findFirst().orElseThrow();
    }

    private TaskSpec spec(String slug, String userId) {
        return new TaskSpec(UUID.randomUUID(), tool(slug), userId,
                Map.of("DATAWORKSPACE_USER_ID", userId, "DATAWORKSPACE_USER_EMAIL", userId + "@example.test",
                        "BASE_URL", "/"));
    }

    @Test
    void shouldStartARealServerReportItRunningAndStopIt() throws Exception {
        TaskSpec spec = spec("web", "alice123");
        List<String> progress = new CopyOnWriteArrayList<>();
        String taskId = backend.start(spec, progress::add);
        assertThat(progress).containsExactly("Starting Test web server");

        Endpoint endpoint = Poll.until(Duration.ofSeconds(20), "the web tool to answer", () -> {
            TaskStatus status = backend.status(taskId);
            return status instanceof TaskStatus.Running r && probe.answers(r.endpoint(), "/", Duration.ofSeconds(1))
                    ? Optional.of(r.endpoint()) : Optional.empty();
        });
        assertThat(endpoint.host()).isEqualTo("127.0.0.1");
        assertThat(backend.list()).containsExactly(new BackendTask(taskId, spec.instanceId()));

        backend.stop(taskId, Duration.ofSeconds(5));
        assertThat(backend.status(taskId)).isInstanceOf(TaskStatus.Exited.class);
        assertThat(backend.list()).isEmpty();
        assertThat(probe.answers(endpoint, "/", Duration.ofSeconds(1))).isFalse();
    }

    @Test
    void shouldRunTheToolInTheUsersHomeWithAContainerLikeEnvironment() throws Exception {
        ToolTemplate envDump = ToolCatalogFile.parse(new java.io.ByteArrayInputStream("""
                tools:
                  - slug: envdump
                    name: Env dump
                    local:
                      command: [sh, -c, "env > env.txt; pwd > pwd.txt; exec python3 -m http.server ${PORT} --bind 127.0.0.1"]
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "inline").get(0);
        TaskSpec spec = new TaskSpec(UUID.randomUUID(), envDump, "bob456",
                Map.of("DATAWORKSPACE_USER_ID", "bob456", "DATAWORKSPACE_USER_EMAIL", "bob@example.test",
                        "BASE_URL", "/"));
        String taskId = backend.start(spec, m -> { });
        Path home = dataDir.resolve("home").resolve("bob456");
        String env = Poll.until(Duration.ofSeconds(20), "env.txt", () -> readIfComplete(home.resolve("pwd.txt"))
                .flatMap(ignored -> readIfComplete(home.resolve("env.txt"))));
        assertThat(env).contains("DATAWORKSPACE_USER_ID=bob456", "DATAWORKSPACE_USER_EMAIL=bob@example.test",
                "HOME=" + home, "BASE_URL=/", "PORT=");
        assertThat(env).doesNotContain("MAVEN_", "JAVA_HOME");
        assertThat(Files.readString(home.resolve("pwd.txt")).trim()).isEqualTo(home.toString());
        backend.stop(taskId, Duration.ofSeconds(5));
    }

    @Test
    void shouldRunAVisualisationInAFolderOfItsOwnNotTheOpenersHome() throws Exception {
        ToolTemplate app = ToolCatalogFile.parse(new java.io.ByteArrayInputStream("""
                tools:
                  - slug: charts
                    name: Charts
                    kind: visualisation
                    local:
                      command: [sh, -c, "pwd > pwd.txt; exec python3 -m http.server ${PORT} --bind 127.0.0.1"]
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "inline").get(0);
        TaskSpec spec = new TaskSpec(UUID.randomUUID(), app, "dave1", Map.of("BASE_URL", "/"));
        String taskId = backend.start(spec, m -> { });
        Path own = dataDir.resolve("instances").resolve(taskId).resolve("app");
        String pwd = Poll.until(Duration.ofSeconds(20), "pwd.txt", () -> readIfComplete(own.resolve("pwd.txt")));
        assertThat(pwd.trim()).isEqualTo(own.toString());
        assertThat(dataDir.resolve("home").resolve("dave1")).doesNotExist();
        backend.stop(taskId, Duration.ofSeconds(5));
    }

    @Test
    void shouldReportAnExitCodeAndTheToolsOutput() throws Exception {
        String taskId = backend.start(spec("broken", "carol789"), m -> { });
        TaskStatus.Exited exited = Poll.until(Duration.ofSeconds(20), "the broken tool to exit",
                () -> Optional.of(backend.status(taskId)).filter(TaskStatus.Exited.class::isInstance)
                        .map(TaskStatus.Exited.class::cast));
        assertThat(exited.reason()).isEqualTo("the tool exited with code 3");
        assertThat(backend.logTail(taskId, 5)).containsExactly("cannot open config file");
    }

    @Test
    void shouldFindProcessesAfterARestartAndMeasureTheirCpu() throws Exception {
        String taskId = backend.start(spec("busy", "dave000"), m -> { });
        LocalProcessBackend restarted = new LocalProcessBackend(dataDir.resolve("home"), dataDir.resolve("instances"), 20000, 29999);
        assertThat(restarted.list()).extracting(BackendTask::taskId).containsExactly(taskId);
        assertThat(restarted.status(taskId)).isInstanceOf(TaskStatus.Running.class);
        double first = restarted.cpuSeconds(taskId).orElseThrow();
        Poll.until(Duration.ofSeconds(20), "the busy loop to use CPU",
                () -> restarted.cpuSeconds(taskId).orElseThrow() > first + 0.2);
        restarted.stop(taskId, Duration.ofSeconds(2));
        assertThat(backend.list()).isEmpty();
    }

    @Test
    void shouldExplainWhyAToolIsUnavailable() {
        assertThat(backend.unavailableReason(tool("web"))).isEmpty();
        assertThat(backend.unavailableReason(tool("missing")))
                .contains("no-such-program-dataworkspace is not installed on this machine (not found on PATH)");
    }

    private static Optional<String> readIfComplete(Path file) {
        try {
            String text = Files.exists(file) ? Files.readString(file) : "";
            return text.endsWith("\n") ? Optional.of(text) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }
}
