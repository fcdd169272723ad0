package io.dataworkspace.launcher;

import io.dataworkspace.launcher.api.ApiToken;
import io.dataworkspace.launcher.api.LauncherApi;
import io.dataworkspace.launcher.audit.AuditLog;
import io.dataworkspace.launcher.backend.Backends;
import io.dataworkspace.launcher.backend.HealthProbe;
import io.dataworkspace.launcher.backend.local.LocalProcessBackend;
import io.dataworkspace.launcher.config.LauncherConfig;
import io.dataworkspace.launcher.cull.ActivityRecorder;
import io.dataworkspace.launcher.cull.Culler;
import io.dataworkspace.launcher.db.Database;
import io.dataworkspace.launcher.instance.InstanceChangeFeed;
import io.dataworkspace.launcher.instance.InstanceRepository;
import io.dataworkspace.launcher.metrics.LauncherMetrics;
import io.dataworkspace.launcher.reconcile.Reconciler;
import io.dataworkspace.launcher.spawn.InstanceStarter;
import io.dataworkspace.launcher.spawn.InstanceStopper;
import io.dataworkspace.launcher.spawn.SpawnService;
import io.dataworkspace.launcher.spawn.SpawnWorkers;
import io.dataworkspace.launcher.tool.ToolCatalogFile;
import io.dataworkspace.launcher.tool.ToolLoader;
import io.dataworkspace.launcher.tool.ToolRepository;
import io.dataworkspace.launcher.tool.ToolTemplate;
import io.dataworkspace.launcher.user.UserRepository;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane, wired: database, tool templates, backends, spawn workers, reconciler, culler and REST API.
 * Only wiring lives here; each part is its own class.
 */
public final class Launcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Launcher.class);

    private final LauncherConfig config;
    private final Database database;
    private final UserRepository users;
    private final ToolRepository tools;
    private final InstanceRepository instances;
    private final AuditLog audit;
    private final Backends backends;
    private final InstanceChangeFeed feed;
    private final SpawnWorkers workers;
    private final SpawnService spawns;
    private final Reconciler reconciler;
    private final Culler culler;
    private final ActivityRecorder activity;
    private final LauncherMetrics metrics;
    private final ApiToken apiToken;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService background;
    private HttpServer apiServer;

    private Launcher(LauncherConfig config, Database database, Backends backends, PrometheusMeterRegistry registry) {
        this.config = config;
        this.database = database;
        this.backends = backends;
        this.users = new UserRepository(database.jdbc());
        this.tools = new ToolRepository(database.jdbc());
        this.instances = new InstanceRepository(database.jdbc(), config.leaseDuration());
        this.audit = new AuditLog(database.jdbc());
        this.metrics = new LauncherMetrics(registry);
        this.activity = new ActivityRecorder(instances);
        this.feed = new InstanceChangeFeed(database::openDedicatedConnection);
        this.scheduler = Executors.newScheduledThreadPool(2, daemon("launcher-scheduler"));
        this.background = Executors.newCachedThreadPool(daemon("launcher-background"));
        String owner = config.instanceName();
        InstanceStopper stopper = new InstanceStopper(instances, backends, owner, config.stopGracePeriod(), background);
        InstanceStarter starter = new InstanceStarter(instances, tools, users, backends, new HealthProbe(), metrics,
                audit, stopper, owner, config.leaseDuration(), config.stopGracePeriod());
        this.workers = new SpawnWorkers(instances, starter, owner, config.spawnWorkers(), config.queuePollInterval());
        this.spawns = new SpawnService(instances, tools, users, stopper, audit, workers::wake);
        this.reconciler = new Reconciler(instances, backends, starter, stopper, metrics, audit, owner,
                config.stopGracePeriod(), background);
        this.culler = new Culler(instances, tools, backends, spawns, activity, metrics, config.idleCpuThreshold(),
                config.lifetimeWarning(), Clock.systemUTC());
        this.apiToken = ApiToken.configuredOrStored(config.apiToken(), config.dataDir().resolve("api-token"));
    }

    /**
     * Connects to (or starts) the database, loads tool templates, starts the workers, reconciler and culler, and
     * serves the REST API. Blocks until the API listens.
     */
    public static Launcher start(LauncherConfig config, Vertx vertx, PrometheusMeterRegistry registry) {
        List<ToolTemplate> templates = config.toolsFile().map(ToolCatalogFile::read).orElseGet(ToolCatalogFile::builtIn);
        Database database = Database.open(config);
        try {
            Backends backends = new Backends(List.of(new LocalProcessBackend(config.homesDir(), config.instancesDir(),
                    config.localFirstPort(), config.localLastPort())));
            Launcher launcher = new Launcher(config, database, backends, registry);
            launcher.run(templates, vertx);
            return launcher;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private void run(List<ToolTemplate> templates, Vertx vertx) {
        new ToolLoader(tools, backends).load(templates);
        feed.subscribe(workers);
        feed.start(Duration.ofSeconds(10));
        reconciler.reconcile();
        workers.start();
        schedule(reconciler::reconcile, config.reconcileInterval(), "reconciler");
        schedule(culler::cull, config.cullInterval(), "culler");
        schedule(activity::flush, config.activityFlushInterval(), "activity flush");
        schedule(() -> metrics.updateInstanceCounts(instances.countLiveByToolAndPhase()), Duration.ofSeconds(10),
                "instance metrics");
        metrics.updateInstanceCounts(instances.countLiveByToolAndPhase());
        LauncherApi api = new LauncherApi(database, tools, users, instances, spawns,
                (PrometheusMeterRegistry) metrics.registry(), apiToken);
        try {
            apiServer = vertx.createHttpServer()
                    .requestHandler(api.router(vertx))
                    .listen(config.apiPort(), config.apiHost())
                    .await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new StartupException("the launcher API cannot listen on " + config.apiHost() + ":"
                    + config.apiPort() + ": " + e.getMessage(), e);
        }
        log.info("launcher API on http://{}:{} (database: {}; bearer token in {} unless LAUNCHER_API_TOKEN is set)",
                config.apiHost(), apiServer.actualPort(), database.describe(), config.dataDir().resolve("api-token"));
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

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        };
    }

    public int apiPort() {
        return apiServer.actualPort();
    }

    public String apiToken() {
        return apiToken.value();
    }

    public Database database() {
        return database;
    }

    public UserRepository users() {
        return users;
    }

    public ToolRepository tools() {
        return tools;
    }

    public InstanceRepository instances() {
        return instances;
    }

    public SpawnService spawns() {
        return spawns;
    }

    public InstanceChangeFeed changeFeed() {
        return feed;
    }

    public ActivityRecorder activity() {
        return activity;
    }

    public Backends backends() {
        return backends;
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    public Culler culler() {
        return culler;
    }

    public AuditLog audit() {
        return audit;
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
        workers.close();
        feed.close();
        activity.flush();
        background.shutdown();
        try {
            background.awaitTermination(config.stopGracePeriod().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        database.close();
    }
}
