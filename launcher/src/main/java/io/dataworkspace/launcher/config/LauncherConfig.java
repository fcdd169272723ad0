package io.dataworkspace.launcher.config;

import io.dataworkspace.launcher.backend.fargate.FargateConfig;
import io.dataworkspace.launcher.credentials.CredentialsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the control plane needs, read once from the environment.
 *
 * @param dataDir         where embedded data lives: the embedded database, home folders, process logs
 * @param databaseUrl     a {@code jdbc:postgresql:} URL; empty means start the embedded PostgreSQL under dataDir/pg
 * @param toolsFile       tool templates (YAML or JSON); empty means the built-in templates
 * @param apiHost         the address the REST API binds to (loopback until the proxy's SSO fronts it)
 * @param apiToken        bearer token for the REST API; empty means generate one into dataDir/api-token
 * @param spawnWorkers    threads taking queued starts; each is busy for a whole start (until the tool answers), so
 *                        this bounds how many tools start at once per replica
 * @param localFirstPort  first loopback port of the local backend's tools (keep the range below the kernel's
 *                        ephemeral ports, 32768 and up by default)
 * @param leaseDuration   how long a worker's claim on an instance lasts without renewal before the reconciler
 *                        treats the worker as dead
 * @param backend         {@code BACKEND}: when set, every tool template runs on this backend whatever it names
 * @param fargate         the Fargate backend's settings; empty (no {@code FARGATE_CLUSTER}) means no Fargate backend
 * @param credentials     scoped credentials: S3 (STS or the embedded store) and temporary database roles
 */
public record LauncherConfig(
        Path dataDir,
        Optional<String> databaseUrl,
        Optional<String> databaseUser,
        Optional<String> databasePassword,
        int databasePoolSize,
        Optional<Path> toolsFile,
        String apiHost,
        int apiPort,
        Optional<String> apiToken,
        int spawnWorkers,
        Duration queuePollInterval,
        Duration reconcileInterval,
        Duration cullInterval,
        Duration activityFlushInterval,
        double idleCpuThreshold,
        Duration stopGracePeriod,
        Duration lifetimeWarning,
        Duration leaseDuration,
        String instanceName,
        int localFirstPort,
        int localLastPort,
        Optional<String> backend,
        Optional<FargateConfig> fargate,
        CredentialsConfig credentials) {

    public LauncherConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        databaseUrl.ifPresent(url -> {
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new ConfigException("DATABASE_URL: \"" + url + "\" (expected: jdbc:postgresql://host:port/database)");
            }
        });
        if (apiToken.isPresent() && apiToken.get().length() < 16) {
            throw new ConfigException("LAUNCHER_API_TOKEN: too short (expected: at least 16 characters)");
        }
        if (localFirstPort > localLastPort) {
            throw new ConfigException("LOCAL_PORT_FIRST/LOCAL_PORT_LAST: " + localFirstPort + " > " + localLastPort);
        }
        if (leaseDuration.compareTo(Duration.ofSeconds(2)) < 0) {
            throw new ConfigException("LEASE_DURATION: " + leaseDuration + " (expected: >= 2s)");
        }
        backend.ifPresent(b -> {
            if (!b.equals("local") && !b.equals("fargate")) {
                throw new ConfigException("BACKEND: \"" + b + "\" (expected: local or fargate)");
            }
            if (b.equals("fargate") && fargate.isEmpty()) {
                throw new ConfigException("BACKEND: \"fargate\" needs FARGATE_CLUSTER (with FARGATE_SUBNETS, "
                        + "FARGATE_SECURITY_GROUPS and FARGATE_TASK_DEFINITIONS; see docs/fargate.md)");
            }
        });
    }

    public static LauncherConfig fromEnv(Env env) {
        return new LauncherConfig(
                env.path("DATA_DIR", Path.of(".dataworkspace")).toAbsolutePath().normalize(),
                env.optional("DATABASE_URL"),
                env.optional("DATABASE_USER"),
                env.optional("DATABASE_PASSWORD"),
                env.integer("DATABASE_POOL_SIZE", 16, 2, 500),
                env.optional("TOOLS_FILE").map(Path::of),
                env.string("LAUNCHER_API_HOST", "127.0.0.1"),
                env.integer("LAUNCHER_API_PORT", 8081, 0, 65535),
                env.optional("LAUNCHER_API_TOKEN"),
                env.integer("SPAWN_WORKERS", 64, 0, 1000),
                env.duration("QUEUE_POLL_INTERVAL", Duration.ofSeconds(30)),
                env.duration("RECONCILE_INTERVAL", Duration.ofSeconds(30)),
                env.duration("CULL_INTERVAL", Duration.ofSeconds(60)),
                env.duration("ACTIVITY_FLUSH_INTERVAL", Duration.ofSeconds(5)),
                env.decimal("IDLE_CPU_THRESHOLD", 0.05, 0, 1000),
                env.duration("STOP_GRACE_PERIOD", Duration.ofSeconds(10)),
                env.duration("LIFETIME_WARNING", Duration.ofMinutes(15)),
                env.duration("LEASE_DURATION", Duration.ofSeconds(30)),
                env.string("INSTANCE_NAME", defaultInstanceName()),
                env.integer("LOCAL_PORT_FIRST", 20000, 1024, 65535),
                env.integer("LOCAL_PORT_LAST", 29999, 1024, 65535),
                env.optional("BACKEND"),
                FargateConfig.fromEnv(env),
                CredentialsConfig.fromEnv(env));
    }

    /** Identifies this launcher replica in leases; unique per process. */
    private static String defaultInstanceName() {
        return "launcher-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    public Path embeddedDatabaseDir() {
        return dataDir.resolve("pg");
    }

    public Path homesDir() {
        return dataDir.resolve("home");
    }

    public Path instancesDir() {
        return dataDir.resolve("instances");
    }
}
