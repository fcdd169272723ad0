package io.dataworkspace.server;

import io.dataworkspace.launcher.Launcher;
import io.dataworkspace.launcher.config.Env;
import io.dataworkspace.launcher.config.LauncherConfig;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code dataworkspace} server: every role it is asked to run, in one JVM, sharing Vert.x and metrics. */
public final class DataWorkspaceServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DataWorkspaceServer.class);

    private final Vertx vertx;
    private final JvmGcMetrics gcMetrics;
    private final Launcher launcher;

    private DataWorkspaceServer(Vertx vertx, JvmGcMetrics gcMetrics, Launcher launcher) {
        this.vertx = vertx;
        this.gcMetrics = gcMetrics;
        this.launcher = launcher;
    }

    /** Starts the control plane; returns once it serves. */
    public static DataWorkspaceServer start(Env env) {
        LauncherConfig config = LauncherConfig.fromEnv(env);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        Vertx vertx = Vertx.vertx();
        try {
            Launcher launcher = Launcher.start(config, vertx, registry);
            return new DataWorkspaceServer(vertx, gc, launcher);
        } catch (RuntimeException e) {
            gc.close();
            vertx.close();
            throw e;
        }
    }

    public Launcher launcher() {
        return launcher;
    }

    @Override
    public void close() {
        log.info("stopping");
        launcher.close();
        gcMetrics.close();
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Vert.x did not stop within 10 s: {}", e.getMessage());
        }
    }
}
