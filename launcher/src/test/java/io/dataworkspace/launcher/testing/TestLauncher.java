package io.dataworkspace.launcher.testing;

import io.dataworkspace.launcher.Launcher;
import io.dataworkspace.launcher.backend.BackendException;
import io.dataworkspace.launcher.backend.BackendTask;
import io.dataworkspace.launcher.backend.ContainerBackend;
import io.dataworkspace.launcher.config.Env;
import io.dataworkspace.launcher.config.LauncherConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts a real launcher for a test: its own database, data folder and test tool templates; API on port 0. */
public final class TestLauncher implements AutoCloseable {
    public static final String TOKEN = "test-token-0123456789abcdef";

    private final Vertx vertx = Vertx.vertx();
    private final Launcher launcher;
    private final Map<String, String> env;

    private TestLauncher(Map<String, String> env) {
        this.env = env;
        this.launcher = Launcher.start(LauncherConfig.fromEnv(new Env(env)), vertx,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** A launcher whose periodic passes are effectively off, so tests run them by hand. */
    public static TestLauncher start(Path dataDir, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("DATA_DIR", dataDir.toString());
        env.put("DATABASE_URL", TestPostgres.newDatabaseUrl());
        env.put("DATABASE_USER", "postgres");
        env.put("TOOLS_FILE", TestTools.writeTemplates(dataDir.resolve("config")).toString());
        env.put("LAUNCHER_API_PORT", "0");
        env.put("LAUNCHER_API_TOKEN", TOKEN);
        env.put("RECONCILE_INTERVAL", "1h");
        env.put("CULL_INTERVAL", "1h");
        env.put("STOP_GRACE_PERIOD", "3s");
        env.putAll(overrides);
        return new TestLauncher(env);
    }

    /** Another launcher (a second replica, or a restart) on the same database and data folder. */
    public TestLauncher sibling(Map<String, String> overrides) {
        Map<String, String> next = new HashMap<>(env);
        next.putAll(overrides);
        return new TestLauncher(next);
    }

    /** The environment this launcher was started with (for more replicas on the same database). */
    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    public Launcher launcher() {
        return launcher;
    }

    public String apiBase() {
        return "http://127.0.0.1:" + launcher.apiPort();
    }

    /** Stops every tool process the backends report, then the launcher. */
    @Override
    public void close() {
        for (ContainerBackend backend : launcher.backends().all()) {
            try {
                for (BackendTask task : backend.list()) {
                    backend.stop(task.taskId(), Duration.ofSeconds(2));
                }
            } catch (BackendException e) {
                throw new IllegalStateException("cannot clean up tool processes", e);
            }
        }
        closeLeavingTools();
    }

    /** Stops the launcher as a crash would leave things: tool processes keep running. */
    public void closeLeavingTools() {
        launcher.close();
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("vert.x did not close", e);
        }
    }
}
