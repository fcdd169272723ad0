package io.dataworkspace.server;

import io.dataworkspace.launcher.ControlPlane;
import io.dataworkspace.launcher.Launcher;
import io.dataworkspace.launcher.config.Env;
import io.dataworkspace.launcher.config.LauncherConfig;
import io.dataworkspace.proxy.ProxyServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code dataworkspace} server: the roles it is asked to run, in one JVM, sharing Vert.x, database and metrics. */
public final class DataWorkspaceServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DataWorkspaceServer.class);

    private final Vertx vertx;
    private final JvmGcMetrics gcMetrics;
    private final ControlPlane core;
    private final Optional<Launcher> launcher;
    private final Optional<ProxyServer> proxy;

    private DataWorkspaceServer(Vertx vertx, JvmGcMetrics gcMetrics, ControlPlane core, Optional<Launcher> launcher,
            Optional<ProxyServer> proxy) {
        this.vertx = vertx;
        this.gcMetrics = gcMetrics;
        this.core = core;
        this.launcher = launcher;
        this.proxy = proxy;
    }

    /** Starts the given roles; returns once they serve. */
    public static DataWorkspaceServer start(Env env, Set<Role> roles) {
        LauncherConfig config = LauncherConfig.fromEnv(env);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        Transport transport = NetworkTransport.choose(env);
        Gauge.builder("dataworkspace.network.transport.info", () -> 1)
                .description("The socket transport this server runs on: io_uring, epoll or nio")
                .tag("transport", transport.name())
                .register(registry);
        Vertx vertx = NetworkTransport.vertx(transport, new VertxOptions());
        ControlPlane core = null;
        Launcher launcher = null;
        try {
            core = ControlPlane.open(config, registry);
            if (roles.contains(Role.LAUNCHER)) {
                launcher = Launcher.start(core, false, vertx);
            }
            ProxyServer proxy = roles.contains(Role.PROXY) ? ProxyServer.start(core, vertx, registry, env) : null;
            log.info("Data Workspace is running ({})", roles);
            return new DataWorkspaceServer(vertx, gc, core, Optional.ofNullable(launcher), Optional.ofNullable(proxy));
        } catch (RuntimeException e) {
            if (launcher != null) {
                launcher.close();
            }
            if (core != null) {
                core.close();
            }
            gc.close();
            vertx.close();
            throw e;
        }
    }

    public ControlPlane core() {
        return core;
    }

    /** The launcher role, when this server runs it. */
    public Optional<Launcher> launcher() {
        return launcher;
    }

    /** The proxy role, when this server runs it. */
    public Optional<ProxyServer> proxy() {
        return proxy;
    }

    @Override
    public void close() {
        log.info("stopping");
        proxy.ifPresent(ProxyServer::close);
        launcher.ifPresent(Launcher::close);
        core.close();
        gcMetrics.close();
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Vert.x did not stop within 10 s: {}", e.getMessage());
        }
    }
}
