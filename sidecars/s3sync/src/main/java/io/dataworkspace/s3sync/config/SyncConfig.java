package io.dataworkspace.s3sync.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the sidecar needs, validated once.
 *
 * @param localDir          folder kept in step with the prefix (must exist)
 * @param bucket            S3 bucket
 * @param prefix            key prefix, empty or ending with {@code /}
 * @param endpoint          endpoint override (S3-compatible servers), empty for AWS
 * @param region            AWS region
 * @param pathStyle         path-style addressing (needed by most S3-compatible servers)
 * @param pollInterval      interval between two remote listings
 * @param fullScanInterval  interval between two full local scans (safety net for missed events)
 * @param stableWindow      a file is uploaded only once unmodified for this long
 * @param multipartThreshold files at least this large are uploaded in parts
 * @param partSize          multipart part size
 * @param concurrency       parallel transfers of large files (and parallel parts)
 * @param smallFileConcurrency parallel transfers of small files (under {@link #SMALL_FILE_SIZE}): their cost is
 *                          the request's round trip, not bandwidth, so more of them are kept in flight
 * @param excludes          exclusion globs (defaults plus {@code S3SYNC_EXCLUDES})
 * @param httpPort          port of /healthz and /metrics (0 = any free port)
 * @param httpHost          address /healthz and /metrics bind to
 * @param shutdownTimeout   bound on flushing pending uploads at shutdown
 * @param retryBase         first retry delay of a failed transfer
 * @param retryMax          largest retry delay
 */
public record SyncConfig(
        Path localDir,
        String bucket,
        String prefix,
        Optional<URI> endpoint,
        String region,
        boolean pathStyle,
        Duration pollInterval,
        Duration fullScanInterval,
        Duration stableWindow,
        long multipartThreshold,
        long partSize,
        int concurrency,
        int smallFileConcurrency,
        List<String> excludes,
        int httpPort,
        String httpHost,
        Duration shutdownTimeout,
        Duration retryBase,
        Duration retryMax) {

    /** Name of the folder, at the root of {@link #localDir}, that holds the state and temp files; never synced. */
    public static final String STATE_DIR = ".s3sync";

    /** Smallest part S3 accepts (except the last one). */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    /** Files smaller than this are "small": transferred in one request, many at a time. */
    public static final long SMALL_FILE_SIZE = 1024 * 1024;

    /** Exclusions always applied: notebook checkpoints, bytecode caches, editor temp and swap files. */
    public static final List<String> DEFAULT_EXCLUDES = List.of(
            STATE_DIR, ".ipynb_checkpoints", "__pycache__", ".Trash-*", "*.swp", "*.swo", "*.swx",
            "*~", ".~lock.*", ".#*", "*.tmp", ".DS_Store");

    /** Validates every field; a bad value gets one sentence naming it. */
    public SyncConfig {
        Objects.requireNonNull(localDir, "localDir");
        require(!bucket.isBlank(), "S3SYNC_BUCKET: empty (expected: a bucket name)");
        require(prefix.isEmpty() || (prefix.endsWith("/") && !prefix.startsWith("/")),
                "S3SYNC_PREFIX: '" + prefix + "' (expected: empty or like user/123/)");
        positive(pollInterval, "S3SYNC_POLL_INTERVAL");
        positive(fullScanInterval, "S3SYNC_FULL_SCAN_INTERVAL");
        require(!stableWindow.isNegative(), "S3SYNC_STABLE_WINDOW: " + stableWindow + " (expected: >= 0)");
        require(partSize >= MIN_PART_SIZE, "S3SYNC_PART_SIZE: " + partSize + " (expected: >= 5MiB, the S3 minimum)");
        require(partSize <= 5L * 1024 * 1024 * 1024, "S3SYNC_PART_SIZE: " + partSize + " (expected: <= 5 GiB)");
        require(multipartThreshold >= 1, "S3SYNC_MULTIPART_THRESHOLD: " + multipartThreshold + " (expected: > 0)");
        require(concurrency >= 1 && concurrency <= 256,
                "S3SYNC_CONCURRENCY: " + concurrency + " (expected: 1..256)");
        require(smallFileConcurrency >= 1 && smallFileConcurrency <= 1024,
                "S3SYNC_SMALL_FILE_CONCURRENCY: " + smallFileConcurrency + " (expected: 1..1024)");
        require(httpPort >= 0 && httpPort <= 65535, "S3SYNC_HTTP_PORT: " + httpPort + " (expected: 0..65535)");
        positive(shutdownTimeout, "S3SYNC_SHUTDOWN_TIMEOUT");
        positive(retryBase, "S3SYNC_RETRY_BASE");
        require(retryMax.compareTo(retryBase) >= 0,
                "S3SYNC_RETRY_MAX: " + retryMax + " (expected: >= S3SYNC_RETRY_BASE " + retryBase + ")");
        excludes = List.copyOf(excludes);
    }

    /**
     * Builds the configuration from environment variables.
     *
     * @param env the environment (tests pass their own map)
     * @return the validated configuration
     * @throws ConfigException naming the first bad variable
     */
    public static SyncConfig fromEnv(Map<String, String> env) {
        Path dir = Path.of(required(env, "S3SYNC_LOCAL_DIR")).toAbsolutePath().normalize();
        require(java.nio.file.Files.isDirectory(dir), "S3SYNC_LOCAL_DIR: " + dir + " is not a directory");
        String prefix = env.getOrDefault("S3SYNC_PREFIX", "").strip();
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        List<String> excludes = new ArrayList<>(DEFAULT_EXCLUDES);
        for (String glob : env.getOrDefault("S3SYNC_EXCLUDES", "").split(",")) {
            if (!glob.isBlank()) {
                excludes.add(glob.strip());
            }
        }
        int concurrency = integer(env, "S3SYNC_CONCURRENCY", "16");
        Optional<URI> endpoint = Optional.ofNullable(env.get("S3SYNC_ENDPOINT")).filter(s -> !s.isBlank())
                .map(s -> uri("S3SYNC_ENDPOINT", s));
        return new SyncConfig(
                dir,
                required(env, "S3SYNC_BUCKET"),
                prefix,
                endpoint,
                env.getOrDefault("S3SYNC_REGION", env.getOrDefault("AWS_REGION", "eu-west-2")),
                bool(env, "S3SYNC_PATH_STYLE", endpoint.isPresent()),
                duration(env, "S3SYNC_POLL_INTERVAL", "10s"),
                duration(env, "S3SYNC_FULL_SCAN_INTERVAL", "60s"),
                duration(env, "S3SYNC_STABLE_WINDOW", "300ms"),
                bytes(env, "S3SYNC_MULTIPART_THRESHOLD", "16MiB"),
                bytes(env, "S3SYNC_PART_SIZE", "16MiB"),
                concurrency,
                integer(env, "S3SYNC_SMALL_FILE_CONCURRENCY", String.valueOf(Math.min(1024, 4 * concurrency))),
                excludes,
                integer(env, "S3SYNC_HTTP_PORT", "8889"),
                env.getOrDefault("S3SYNC_HTTP_HOST", "0.0.0.0"),
                duration(env, "S3SYNC_SHUTDOWN_TIMEOUT", "25s"),
                duration(env, "S3SYNC_RETRY_BASE", "500ms"),
                duration(env, "S3SYNC_RETRY_MAX", "30s"));
    }

    /** @return the folder holding state and temporary files */
    public Path stateDir() {
        return localDir.resolve(STATE_DIR);
    }

    private static String required(Map<String, String> env, String name) {
        String v = env.get(name);
        require(v != null && !v.isBlank(), name + ": missing (required)");
        return v.strip();
    }

    private static URI uri(String name, String value) {
        try {
            URI u = URI.create(value.strip());
            require(u.getScheme() != null && u.getHost() != null, name + ": '" + value + "' (expected: http(s)://host:port)");
            return u;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + ": '" + value + "' (expected: http(s)://host:port)");
        }
    }

    private static boolean bool(Map<String, String> env, String name, boolean dflt) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new ConfigException(name + ": '" + v + "' (expected: true or false)");
        };
    }

    private static int integer(Map<String, String> env, String name, String dflt) {
        String v = env.getOrDefault(name, dflt).strip();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(name + ": '" + v + "' (expected: an integer)");
        }
    }

    /**
     * Parses {@code 250ms}, {@code 10s}, {@code 2m}, {@code 1h} or an ISO-8601 duration.
     *
     * @param env  environment
     * @param name variable
     * @param dflt default text
     * @return the duration
     */
    static Duration duration(Map<String, String> env, String name, String dflt) {
        String v = env.getOrDefault(name, dflt).strip().toLowerCase(java.util.Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(java.util.Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new ConfigException(name + ": '" + v + "' (expected: a duration like 500ms, 10s, 2m)");
        }
    }

    /**
     * Parses a byte count: {@code 1048576}, {@code 512KiB}, {@code 16MiB}, {@code 1GiB}.
     *
     * @param env  environment
     * @param name variable
     * @param dflt default text
     * @return bytes
     */
    static long bytes(Map<String, String> env, String name, String dflt) {
        String v = env.getOrDefault(name, dflt).strip();
        try {
            String lower = v.toLowerCase(java.util.Locale.ROOT);
            long unit = 1;
            String num = lower;
            for (String[] u : new String[][] {{"kib", "1024"}, {"mib", "1048576"}, {"gib", "1073741824"}, {"b", "1"}}) {
                if (lower.endsWith(u[0])) {
                    unit = Long.parseLong(u[1]);
                    num = lower.substring(0, lower.length() - u[0].length()).strip();
                    break;
                }
            }
            return Math.multiplyExact(Long.parseLong(num), unit);
        } catch (RuntimeException e) {
            throw new ConfigException(name + ": '" + v + "' (expected: bytes like 8388608, 512KiB, 16MiB)");
        }
    }

    private static void positive(Duration d, String name) {
        require(d != null && !d.isNegative() && !d.isZero(), name + ": " + d + " (expected: > 0)");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new ConfigException(message);
        }
    }
}
