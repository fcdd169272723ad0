package io.dataworkspace.metrics.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Immutable configuration of the metrics sidecar, built once from the environment.
 *
 * @param metadataUri     base of the ECS task metadata endpoint v4 ({@code ECS_CONTAINER_METADATA_URI_V4});
 *                        {@code /task} and {@code /task/stats} are appended
 * @param listenHost      address the HTTP server binds
 * @param port            port the HTTP server binds (0 picks a free one)
 * @param metadataTimeout bound on one whole collection (both metadata requests)
 * @param skipContainers  container names whose per-container series are not exported (the sidecars)
 * @param memoryUsageMode how {@code ecs_container_memory_usage_bytes} is computed
 * @param credentialsRelay the loopback credentials relay, empty when off
 */
public record MetricsConfig(
        URI metadataUri,
        String listenHost,
        int port,
        Duration metadataTimeout,
        Set<String> skipContainers,
        MemoryUsageMode memoryUsageMode,
        Optional<CredentialsRelayConfig> credentialsRelay) {

    /** Environment variable holding the metadata endpoint, injected by ECS into every container. */
    public static final String METADATA_URI = "ECS_CONTAINER_METADATA_URI_V4";
    /** Environment variable: bind address. */
    public static final String LISTEN_HOST = "METRICS_LISTEN_HOST";
    /** Environment variable: port. */
    public static final String PORT = "METRICS_PORT";
    /** Environment variable: timeout of one collection. */
    public static final String TIMEOUT = "METRICS_METADATA_TIMEOUT";
    /** Environment variable: comma-separated container names to skip. */
    public static final String SKIP = "METRICS_SKIP_CONTAINERS";
    /** Environment variable: {@code working_set} or {@code raw}. */
    public static final String MEMORY_USAGE = "METRICS_MEMORY_USAGE";

    /** ecs_exporter's port, so existing scrape configs and dashboards carry over. */
    public static final int DEFAULT_PORT = 9779;
    /** The task-definition names of this sidecar and of s3sync. */
    public static final String DEFAULT_SKIP = "metrics,s3sync";
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)");

    /** Validates every field. */
    public MetricsConfig {
        if (metadataUri == null) {
            throw new ConfigException(METADATA_URI + " is not set: run this sidecar in an ECS task "
                    + "(Fargate platform 1.4.0 or later) or point it at a metadata endpoint");
        }
        String scheme = metadataUri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || metadataUri.getHost() == null) {
            throw new ConfigException(METADATA_URI + ": " + metadataUri + " (expected: an http:// URL)");
        }
        if (listenHost == null || listenHost.isBlank()) {
            throw new ConfigException(LISTEN_HOST + ": empty (expected: an address such as 0.0.0.0)");
        }
        if (port < 0 || port > 65_535) {
            throw new ConfigException(PORT + ": " + port + " (expected: 0..65535)");
        }
        if (metadataTimeout == null || metadataTimeout.isNegative() || metadataTimeout.isZero()
                || metadataTimeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new ConfigException(TIMEOUT + ": " + metadataTimeout + " (expected: > 0 and <= 60s)");
        }
        skipContainers = Set.copyOf(skipContainers == null ? Set.of() : skipContainers);
        if (memoryUsageMode == null) {
            memoryUsageMode = MemoryUsageMode.WORKING_SET;
        }
        credentialsRelay = credentialsRelay == null ? Optional.empty() : credentialsRelay;
    }

    /**
     * Builds the configuration from environment variables.
     *
     * @param env the environment (tests pass their own map)
     * @return the validated configuration
     * @throws ConfigException with one sentence naming the faulty variable
     */
    public static MetricsConfig fromEnvironment(Map<String, String> env) {
        return new MetricsConfig(
                uri(env.get(METADATA_URI)),
                env.getOrDefault(LISTEN_HOST, "0.0.0.0").trim(),
                port(env.getOrDefault(PORT, Integer.toString(DEFAULT_PORT))),
                duration(TIMEOUT, env.getOrDefault(TIMEOUT, "2s")),
                names(env.getOrDefault(SKIP, DEFAULT_SKIP)),
                MemoryUsageMode.parse(MEMORY_USAGE, env.getOrDefault(MEMORY_USAGE, "working_set")),
                CredentialsRelayConfig.fromEnvironment(env));
    }

    private static URI uri(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            String trimmed = value.trim();
            while (trimmed.endsWith("/")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1);
            }
            return new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new ConfigException(METADATA_URI + ": " + value + " (expected: a URL; " + e.getReason() + ")");
        }
    }

    private static int port(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(PORT + ": " + value + " (expected: a number 0..65535)");
        }
    }

    /** Parses {@code 500ms}, {@code 2s}, {@code 1m} or an ISO-8601 duration such as {@code PT2S}. */
    static Duration duration(String name, String value) {
        String v = value.trim();
        Matcher m = SIMPLE_DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            };
        }
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw new ConfigException(name + ": " + value + " (expected: a duration such as 500ms, 2s or PT2S)");
        }
    }

    private static Set<String> names(String value) {
        Set<String> names = new LinkedHashSet<>();
        Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .forEach(names::add);
        return names;
    }
}
