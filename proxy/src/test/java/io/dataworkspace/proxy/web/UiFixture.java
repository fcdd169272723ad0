package io.dataworkspace.proxy.web;

import io.dataworkspace.launcher.ControlPlane;
import io.dataworkspace.launcher.config.Env;
import io.dataworkspace.launcher.db.Jdbc;
import io.dataworkspace.launcher.testing.TestPostgres;
import io.dataworkspace.launcher.user.User;
import io.dataworkspace.proxy.testing.PlatformFixture;
import io.dataworkspace.server.DataWorkspaceServer;
import io.dataworkspace.server.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.Map;

/**
 * The whole platform for the web UI's tests: a real database, the embedded sign-in provider with
 * {@value #ADMIN} as administrator, a datasets database for scoped credentials, and four templates run as real
 * processes: {@code echo} (anyone may use it), {@code vault} (an echo tool whose access tests set to 'granted'),
 * {@code reader} (reads {@code public.trade} with its instance's PG* credentials) and {@code charts}, a Flask
 * visualisation.
 */
final class UiFixture implements AutoCloseable {
    static final String ADMIN = "admin@example.test";

    private final DataWorkspaceServer server;
    private final String datasetsUrl;

    private UiFixture(DataWorkspaceServer server, String datasetsUrl) {
        this.server = server;
        this.datasetsUrl = datasetsUrl;
    }

    /** Runs SQL as the superuser in the datasets database (where datasets' tables live). */
    void datasetsSql(String sql) {
        try (Connection c = DriverManager.getConnection(datasetsUrl, "postgres", null);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("datasets database: " + e.getMessage(), e);
        }
    }

    static UiFixture start(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Path echo = dataDir.resolve("echo.py");
            Files.writeString(echo, PlatformFixture.ECHO_TOOL);
            Path chart = Path.of(UiFixture.class.getResource("/visualisation/app.py").toURI());
            Path reader = Path.of(UiFixture.class.getResource("/visualisation/reader.py").toURI());
            Path tools = dataDir.resolve("tools.yaml");
            Files.writeString(tools, """
                    tools:
                      - slug: echo
                        name: Echo
                        healthPath: /
                        startupTimeout: 30s
                        local:
                          command: [python3, %1$s, "${PORT}"]
                      - slug: vault
                        name: Vault
                        description: An echo tool for those granted it
                        healthPath: /
                        startupTimeout: 30s
                        local:
                          command: [python3, %1$s, "${PORT}"]
                      - slug: reader
                        name: Reader
                        description: Reads public.trade with its own credentials
                        healthPath: /
                        startupTimeout: 30s
                        local:
                          command: [python3, %3$s, "${PORT}"]
                      - slug: charts
                        name: Trade charts
                        kind: visualisation
                        healthPath: /
                        startupTimeout: 60s
                        local:
                          command: [python3, %2$s, "${PORT}"]
                    """.formatted(echo, chart, reader));
            Map<String, String> env = PlatformFixture.baseEnvironment(dataDir, tools);
            env.put("ADMIN_EMAILS", ADMIN);
            String datasetsUrl = TestPostgres.newDatabaseUrl();
            env.put("DATASETS_DATABASE_URL", datasetsUrl);
            env.put("DATASETS_DATABASE_USER", "postgres");
            // roles are cluster-wide and the test server is shared: a prefix of our own
            env.put("CREDENTIALS_DB_ROLE_PREFIX", "ui" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + "_");
            return new UiFixture(DataWorkspaceServer.start(new Env(env), EnumSet.allOf(Role.class)), datasetsUrl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    ControlPlane core() {
        return server.core();
    }

    Jdbc jdbc() {
        return server.core().database().jdbc();
    }

    /** The public origin, e.g. {@code http://localhost:41234}. */
    String origin() {
        return server.proxy().orElseThrow().origin().url();
    }

    /** {@code http://<label>.localhost:<port><path>}. */
    String hostUrl(String label, String path) {
        return server.proxy().orElseThrow().origin().toolUrl(label) + path;
    }

    User user(String email) {
        return core().users().findByEmail(email).orElseThrow(() -> new AssertionError("no user " + email));
    }

    @Override
    public void close() throws Exception {
        PlatformFixture.close(server);
    }
}
