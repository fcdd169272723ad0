package io.dataworkspace.launcher;

import io.dataworkspace.launcher.api.ApiToken;
import io.dataworkspace.launcher.api.LauncherApi;
import io.dataworkspace.launcher.audit.AuditLog;
import io.dataworkspace.launcher.backend.Backends;
import io.dataworkspace.launcher.backend.HealthProbe;
import io.dataworkspace.launcher.config.LauncherConfig;
import io.dataworkspace.launcher.cull.ActivityRecorder;
import io.dataworkspace.launcher.cull.Culler;
import io.dataworkspace.launcher.db.Database;
import io.dataworkspace.launcher.instance.InstanceChangeFeed;
import io.dataworkspace.launcher.instance.InstanceRepository;
import io.dataworkspace.launcher.metrics.LauncherMetrics;
import io.dataworkspace.launcher.reconcile.Reconciler;
import io.dataworkspace.launcher.spawn.InstanceStarter;
import io.dataworkspace.launcher.spawn.SpawnService;
import io.dataworkspace.launcher.spawn.SpawnWorkers;
import io.dataworkspace.launcher.tool.ToolRepository;
import io.dataworkspace.launcher.user.UserRepository;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher role, wired on a {@link ControlPlane}: spawn workers, reconciler, culler and the REST API. Only
 * wiring lives here; each part is its own class.
 */
public final class Launcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Launcher.class);

    private final ControlPlane core;
    private final boolean ownsCore;
    private final SpawnWorkers workers;
    private final Reconciler reconciler;
    private final Culler culler;
    private final ApiToken apiToken;
    private final ScheduledExecutorService scheduler;
    private HttpServer apiServer;

    private Launcher(ControlPlane core, boolean ownsCore) {
        this.core = core;
        this.ownsCore = ownsCore;
        LauncherConfig config = core.config();
        String owner = config.instanceName();
        this.scheduler = Executors.newScheduledThreadPool(2, daemon("launcher-scheduler"));
        InstanceStarter starter = new InstanceStarter(core.instances(), core.tools(), core.users(), core.backends(),
                new HealthProbe(), core.metrics(), core.audit(), core.stopper(), owner, config.leaseDuration(),
                config.stopGracePeriod(), core.credentials());
        this.workers = new SpawnWorkers(core.instances(), starter, owner, config.spawnWorkers(),
                config.queuePollInterval());
        this.reconciler = new Reconciler(core.instances(), core.backends(), starter, core.stopper(), core.metrics(),
                core.audit(), owner, config.stopGracePeriod(), core.background());
        this.culler = new Culler(core.instances(), core.tools(), core.backends(), core.spawns(), core.activity(),
                core.metrics(), config.idleCpuThreshold(), config.lifetimeWarning(), Clock.systemUTC());
        this.apiToken = ApiToken.configuredOrStored(config.apiToken(), config.dataDir().resolve("api-token"));
    }

    /** Opens a control plane of its own and runs the launcher role on it; closing the launcher closes both. */
    public static Launcher start(LauncherConfig config, Vertx vertx, PrometheusMeterRegistry registry) {
        ControlPlane core = ControlPlane.open(config, registry);
        try {
            return start(core, true, vertx);
        } catch (RuntimeException e) {
            core.close();
            throw e;
        }
    }

    /**
     * Runs the launcher role on a control plane: reconciles once, starts the workers and periodic passes, and
     * serves the REST API. Blocks until the API listens.
     */
    public static Launcher start(ControlPlane core, boolean ownsCore, Vertx vertx) {
        Launcher launcher = new Launcher(core, ownsCore);
        launcher.run(vertx);
        return launcher;
    }

    private void run(Vertx vertx) {
        LauncherConfig config = core.config();
        core.changeFeed().subscribe(workers);
        core.onStartRequested(workers::wake);
        reconciler.reconcile();
        workers.start();
        schedule(reconciler::reconcile, config.reconcileInterval(), "reconciler");
        schedule(culler::cull, config.cullInterval(), "culler");
        schedule(core.activity()::flush, config.activityFlushInterval(), "activity flush");
        schedule(this::updateInstanceMetrics, Duration.ofSeconds(10), "instance metrics");
        schedule(core.credentials()::maintain, config.credentials().sweepInterval(), "credentials sweep");
        updateInstanceMetrics();
        LauncherApi api = new LauncherApi(core, (PrometheusMeterRegistry) core.metrics().registry());
        try {
            apiServer = vertx.createHttpServer()
                    .requestHandler(api.router(vertx, apiToken,
                            core.credentials().endpoint(core.metrics().registry())::mount))
                    .listen(config.apiPort(), config.apiHost())
                    .await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new StartupException("the launcher API cannot listen on " + config.apiHost() + ":"
                    + config.apiPort() + ": " + e.getMessage(), e);
        }
        String ownHost = "0.0.0.0".equals(config.apiHost()) || "::".equals(config.apiHost()) ? "127.0.0.1"
                : config.apiHost().contains(":") ? "[" + config.apiHost() + "]" : config.apiHost();
        core.credentials().useBaseUrl(URI.create("http://" + ownHost + ":" + apiServer.actualPort()));
        log.info("launcher API on http://{}:{} (database: {}; bearer token in {} unless LAUNCHER_API_TOKEN is set)",
                config.apiHost(), apiServer.actualPort(), core.database().describe(),
                config.dataDir().resolve("api-token"));
    }

    private void updateInstanceMetrics() {
        core.metrics().updateInstanceCounts(core.instances().countLiveByToolAndPhase());
    }

    private void schedule(Runnable task, Duration every, String name) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("{} pass failed: {}", name, e.getMessage());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        };
    }

    public ControlPlane core() {
        return core;
    }

    public int apiPort() {
        return apiServer.actualPort();
    }

    public String apiToken() {
        return apiToken.value();
    }

    public Database database() {
        return core.database();
    }

    public UserRepository users() {
        return core.users();
    }

    public ToolRepository tools() {
        return core.tools();
    }

    public InstanceRepository instances() {
        return core.instances();
    }

    public SpawnService spawns() {
        return core.spawns();
    }

    public InstanceChangeFeed changeFeed() {
        return core.changeFeed();
    }

    public ActivityRecorder activity() {
        return core.activity();
    }

    public Backends backends() {
        return core.backends();
    }

    public LauncherMetrics metrics() {
        return core.metrics();
    }

    public AuditLog audit() {
        return core.audit();
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    public Culler culler() {
        return culler;
    }

    /** Stops serving and working; running tools are left running, and the next start adopts them. */
    @Override
    public void close() {
        if (apiServer != null) {
            try {
                apiServer.close().await(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                log.warn("the launcher API did not close within 10 s");
            }
        }
        scheduler.shutdownNow();
        core.changeFeed().unsubscribe(workers);
        core.onStartRequested(() -> { });
        workers.close();
        core.activity().flush();
        if (ownsCore) {
            core.close();
        }
    }
}
