package io.dataworkspace.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.config.Env;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainIT {
    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private String errors() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private int run(Map<String, String> env, String... args) {
        return Main.run(List.of(args), new Env(env), err, DataWorkspaceServer::close);
    }

    @Test
    void shouldPrintUsageForAMissingOrUnknownCommand() {
        assertThat(run(Map.of())).isEqualTo(Main.USAGE);
        assertThat(errors()).contains("usage: dataworkspace serve");
        assertThat(run(Map.of(), "launch")).isEqualTo(Main.USAGE);
        assertThat(errors()).contains("dataworkspace: unknown command launch");
    }

    @Test
    void shouldExitWithASentenceWhenTheToolsFileIsMalformed() throws Exception {
        Path tools = dataDir.resolve("tools.yaml");
        Files.writeString(tools, "tools:\n  - slug: x\n    name: [oops\n");
        int code = run(Map.of("DATA_DIR", dataDir.toString(), "TOOLS_FILE", tools.toString()), "serve");
        assertThat(code).isEqualTo(Main.STARTUP_FAILED);
        assertThat(errors()).startsWith("dataworkspace: cannot start: " + tools + ": not valid YAML or JSON at line");
    }

    @Test
    void shouldExitWithASentenceWhenTheDatabaseIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        int code = run(Map.of("DATA_DIR", dataDir.toString(),
                "DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + closedPort + "/dataworkspace"), "serve");
        assertThat(code).isEqualTo(Main.STARTUP_FAILED);
        assertThat(errors()).contains("dataworkspace: cannot start: cannot connect to the database at "
                + "jdbc:postgresql://127.0.0.1:" + closedPort + "/dataworkspace");
    }

    @Test
    void shouldRefuseAnUnknownRole() {
        int code = run(Map.of("DATA_DIR", dataDir.toString()), "serve", "--roles", "proxy,scheduler");
        assertThat(code).isEqualTo(Main.STARTUP_FAILED);
        assertThat(errors()).contains("--roles: \"scheduler\" (expected: proxy, launcher or both, comma-separated)");
    }

    @Test
    void shouldExitWithASentenceForABadSetting() {
        int code = run(Map.of("DATA_DIR", dataDir.toString(), "SPAWN_WORKERS", "lots"), "serve");
        assertThat(code).isEqualTo(Main.STARTUP_FAILED);
        assertThat(errors()).contains("dataworkspace: cannot start: SPAWN_WORKERS: \"lots\" (expected: a whole number)");
        code = run(Map.of("DATA_DIR", dataDir.toString(), "NETWORK_TRANSPORT", "fast"), "serve");
        assertThat(code).isEqualTo(Main.STARTUP_FAILED);
        assertThat(errors()).contains("dataworkspace: cannot start: NETWORK_TRANSPORT must be one of "
                + "[auto, io_uring, epoll, nio], not 'fast'");
    }

    @Test
    void shouldKeepItsDataAcrossRestartsOnTheEmbeddedDefaults() throws Exception {
        Map<String, String> env = Map.of("DATA_DIR", dataDir.toString(), "LAUNCHER_API_PORT", "0", "PROXY_PORT", "0");
        AtomicReference<String> userId = new AtomicReference<>();
        assertThat(Main.run(List.of("serve"), new Env(env), err, server -> {
            try (server) {
                String base = "http://127.0.0.1:" + server.launcher().orElseThrow().apiPort();
                HttpResponse<String> created = send(base, "POST", "/api/v1/users",
                        "{\"email\":\"ada@example.test\",\"name\":\"Ada\"}");
                assertThat(created.statusCode()).isEqualTo(201);
                userId.set(new JsonObject(created.body()).getString("id"));
            }
        })).isEqualTo(Main.OK);
        assertThat(dataDir.resolve("pg")).isDirectory();

        assertThat(Main.run(List.of("serve"), new Env(env), err, server -> {
            try (server) {
                String base = "http://127.0.0.1:" + server.launcher().orElseThrow().apiPort();
                HttpResponse<String> found = send(base, "GET", "/api/v1/users/" + userId.get(), null);
                assertThat(found.statusCode()).isEqualTo(200);
                assertThat(new JsonObject(found.body()).getString("email")).isEqualTo("ada@example.test");
            }
        })).isEqualTo(Main.OK);
    }

    private HttpResponse<String> send(String base, String method, String path, String body) {
        try {
            String token = Files.readString(dataDir.resolve("api-token")).trim();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
