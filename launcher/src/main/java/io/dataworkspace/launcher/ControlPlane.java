package io.dataworkspace.launcher;

import io.dataworkspace.launcher.audit.AuditLog;
import io.dataworkspace.launcher.backend.Backends;
import io.dataworkspace.launcher.backend.ContainerBackend;
import io.dataworkspace.launcher.backend.fargate.FargateBackend;
import io.dataworkspace.launcher.backend.local.LocalProcessBackend;
import io.dataworkspace.launcher.config.LauncherConfig;
import io.dataworkspace.launcher.credentials.CredentialsException;
import io.dataworkspace.launcher.credentials.InstanceCredentials;
import io.dataworkspace.launcher.cull.ActivityRecorder;
import io.dataworkspace.launcher.db.Database;
import io.dataworkspace.launcher.db.DatabaseMonitor;
import io.dataworkspace.launcher.instance.InstanceChangeFeed;
import io.dataworkspace.launcher.instance.InstanceRepository;
import io.dataworkspace.launcher.metrics.LauncherMetrics;
import io.dataworkspace.launcher.spawn.InstanceStopper;
import io.dataworkspace.launcher.spawn.SpawnService;
import io.dataworkspace.launcher.tool.ToolCatalogFile;
import io.dataworkspace.launcher.tool.ToolLoader;
import io.dataworkspace.launcher.tool.ToolRepository;
import io.dataworkspace.launcher.tool.ToolTemplate;
import io.dataworkspace.launcher.user.UserRepository;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What every role shares: the database, its repositories, the change feed, activity recording and start/stop
 * requests. The proxy role uses this alone; the launcher role adds workers, reconciler, culler and its API.
 */
public final class ControlPlane implements AutoCloseable {
    private static final Duration DATABASE_CHECK_EVERY = Duration.ofSeconds(5);

    private final LauncherConfig config;
    private final Database database;
    private final UserRepository users;
    private final ToolRepository tools;
    private final InstanceRepository instances;
    private final AuditLog audit;
    private final Backends backends;
    private final InstanceChangeFeed feed;
    private final ActivityRecorder activity;
    private final LauncherMetrics metrics;
    private final ExecutorService background;
    private final InstanceStopper stopper;
    private final InstanceCredentials credentials;
    private final SpawnService spawns;
    private final DatabaseMonitor databaseMonitor;
    private final Wakeup wakeWorkers = new Wakeup();

    /** Lets the launcher role's workers be woken by start requests made in this JVM. */
    static final class Wakeup implements Runnable {
        private volatile Runnable target = () -> { };

        @Override
        public void run() {
            target.run();
        }
    }

    private ControlPlane(LauncherConfig config, Database database, PrometheusMeterRegistry registry) {
        this.config = config;
        this.database = database;
        this.users = new UserRepository(database.jdbc());
        this.tools = new ToolRepository(database.jdbc());
        this.instances = new InstanceRepository(database.jdbc(), config.leaseDuration());
        this.audit = new AuditLog(database.jdbc());
        this.metrics = new LauncherMetrics(registry);
        this.activity = new ActivityRecorder(instances);
        this.feed = new InstanceChangeFeed(database::openDedicatedConnection);
        List<ContainerBackend> configured = new ArrayList<>();
        configured.add(new LocalProcessBackend(config.homesDir(), config.instancesDir(), config.localFirstPort(),
                config.localLastPort()));
        config.fargate().map(FargateBackend::create).ifPresent(configured::add);
        this.backends = new Backends(configured);
        this.background = Executors.newCachedThreadPool(Launcher.daemon("control-plane-background"));
        try {
            this.credentials = InstanceCredentials.open(config.credentials(), config.dataDir(), database,
                    config.databaseUrl().isEmpty(), Clock.systemUTC());
        } catch (CredentialsException e) {
            throw new StartupException("cannot set up tools' credentials: " + e.getMessage(), e);
        }
        this.stopper = new InstanceStopper(instances, backends, config.instanceName(), config.stopGracePeriod(),
                background, credentials);
        this.spawns = new SpawnService(instances, tools, users, stopper, audit, wakeWorkers);
        this.databaseMonitor = new DatabaseMonitor(database, metrics::databaseChecked, DATABASE_CHECK_EVERY);
    }

    /** Connects to (or starts) the database, loads tool templates and starts listening for changes. */
    public static ControlPlane open(LauncherConfig config, PrometheusMeterRegistry registry) {
        List<ToolTemplate> templates = config.toolsFile().map(ToolCatalogFile::read).orElseGet(ToolCatalogFile::builtIn);
        Database database = Database.open(config);
        try {
            ControlPlane core = new ControlPlane(config, database, registry);
            new ToolLoader(core.tools, core.backends).loadFile(onBackend(config.backend(), templates));
            core.feed.start(Duration.ofSeconds(10));
            return core;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** With {@code BACKEND} set, every template runs on that backend whatever its own {@code backend} says. */
    private static List<ToolTemplate> onBackend(Optional<String> backend, List<ToolTemplate> templates) {
        if (backend.isEmpty()) {
            return templates;
        }
        return templates.stream().map(t -> t.withBackend(backend.get())).toList();
    }

    void onStartRequested(Runnable wake) {
        wakeWorkers.target = wake;
    }

    public LauncherConfig config() {
        return config;
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

    public AuditLog audit() {
        return audit;
    }

    public Backends backends() {
        return backends;
    }

    public InstanceChangeFeed changeFeed() {
        return feed;
    }

    public ActivityRecorder activity() {
        return activity;
    }

    public LauncherMetrics metrics() {
        return metrics;
    }

    public InstanceStopper stopper() {
        return stopper;
    }

    /** Scoped credentials: issued at start, revoked at stop; also the platform's own storage client. */
    public InstanceCredentials credentials() {
        return credentials;
    }

    public SpawnService spawns() {
        return spawns;
    }

    ExecutorService background() {
        return background;
    }

    @Override
    public void close() {
        databaseMonitor.close();
        feed.close();
        activity.flush();
        background.shutdown();
        try {
            background.awaitTermination(config.stopGracePeriod().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        credentials.close();
        backends.all().stream().filter(FargateBackend.class::isInstance).map(FargateBackend.class::cast)
                .forEach(FargateBackend::close);
        database.close();
    }
}
