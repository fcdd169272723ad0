package io.dataworkspace.proxy.testing;

import io.dataworkspace.launcher.config.Env;
import io.dataworkspace.launcher.testing.TestPostgres;
import io.dataworkspace.server.DataWorkspaceServer;
import io.dataworkspace.server.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The whole platform for a test: a real database, the embedded sign-in provider, test tools as real processes,
 * the proxy on a free port. {@link #replica} starts another server on the same database.
 */
public final class PlatformFixture implements AutoCloseable {
    /** A tool (Python, argument: its port) that answers every request with the request's headers as JSON. */
    public static final String ECHO_TOOL = """
            import http.server, json, sys
            class Echo(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    body = json.dumps({k.lower(): v for k, v in self.headers.items()}).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def log_message(self, *args):
                    pass
            http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Echo).serve_forever()
            """;

    private final Map<String, String> env;
    private final DataWorkspaceServer server;

    private PlatformFixture(Map<String, String> env, Set<Role> roles) {
        this.env = env;
        this.server = DataWorkspaceServer.start(new Env(env), roles);
    }

    public static PlatformFixture start(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Path echo = dataDir.resolve("echo.py");
            Files.writeString(echo, ECHO_TOOL);
            Path tools = dataDir.resolve("tools.yaml");
            Files.writeString(tools, """
                    tools:
                      - slug: echo
                        name: Echo
                        healthPath: /
                        startupTimeout: 30s
                        local:
                          command: [python3, %s, "${PORT}"]
                    """.formatted(echo));
            return new PlatformFixture(baseEnvironment(dataDir, tools), EnumSet.allOf(Role.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What every test server starts from: its own data folder and database, the given templates, ports picked by the
     * system, sessions re-checked every second, no background reconciling or culling.
     */
    public static Map<String, String> baseEnvironment(Path dataDir, Path toolsFile) {
        Map<String, String> env = new HashMap<>();
        env.put("DATA_DIR", dataDir.toString());
        env.put("DATABASE_URL", TestPostgres.newDatabaseUrl());
        env.put("DATABASE_USER", "postgres");
        env.put("TOOLS_FILE", toolsFile.toString());
        env.put("PROXY_PORT", "0");
        env.put("LAUNCHER_API_PORT", "0");
        env.put("SESSION_CACHE_TTL", "1s");
        env.put("RECONCILE_INTERVAL", "1h");
        env.put("CULL_INTERVAL", "1h");
        return env;
    }

    /** Stops every tool the server started, then the server. */
    public static void close(DataWorkspaceServer server) throws Exception {
        for (var backend : server.core().backends().all()) {
            for (var task : backend.list()) {
                backend.stop(task.taskId(), Duration.ofSeconds(3));
            }
        }
        server.close();
    }

    /** Another server on the same database and sign-in provider, serving the same public origin. */
    public PlatformFixture replica(Set<Role> roles) {
        Map<String, String> next = new HashMap<>(env);
        next.put("PUBLIC_URL", origin());
        next.put("OIDC_ISSUER", server.proxy().orElseThrow().issuer().toString());
        next.put("OIDC_CLIENT_ID", "dataworkspace");
        return new PlatformFixture(next, roles);
    }

    public DataWorkspaceServer server() {
        return server;
    }

    /** The public origin, e.g. {@code http://localhost:41234}. */
    public String origin() {
        return server.proxy().orElseThrow().origin().url();
    }

    /** The port this server's proxy listens on (differs from the origin's for a replica). */
    public int port() {
        return server.proxy().orElseThrow().port();
    }

    public String toolUrl(String label, String path) {
        return server.proxy().orElseThrow().origin().toolUrl(label) + path;
    }

    @Override
    public void close() throws Exception {
        close(server);
    }
}
