package io.dataworkspace.metrics.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The credentials relay: a listener on 127.0.0.1 that forwards the task's AWS container-credentials requests to
 * the launcher, so that tools can use a loopback {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} (the only plain-http
 * form AWS SDKs accept). Off unless {@value #UPSTREAM} is set.
 *
 * @param upstream       the launcher's base URL, e.g. {@code http://server.dataworkspace.internal:8081}; the
 *                       relayed path is appended
 * @param port           port on 127.0.0.1 (0 picks a free one, for tests)
 * @param connectTimeout bound on connecting to the launcher
 * @param readTimeout    bound on waiting for each read of the launcher's answer
 */
public record CredentialsRelayConfig(URI upstream, int port, Duration connectTimeout, Duration readTimeout) {

    /** Environment variable: the launcher's base URL; unset turns the relay off. */
    public static final String UPSTREAM = "METRICS_CREDENTIALS_UPSTREAM";
    /** Environment variable: the relay's port on 127.0.0.1. */
    public static final String PORT = "METRICS_CREDENTIALS_RELAY_PORT";
    /** Environment variable: connect timeout towards the launcher. */
    public static final String CONNECT_TIMEOUT = "METRICS_CREDENTIALS_CONNECT_TIMEOUT";
    /** Environment variable: read timeout towards the launcher. */
    public static final String READ_TIMEOUT = "METRICS_CREDENTIALS_READ_TIMEOUT";

    /** Default port: next to ecs_exporter's 9779, and what deploy/aws gives the launcher. */
    public static final int DEFAULT_PORT = 9780;
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);

    /** Validates every field. */
    public CredentialsRelayConfig {
        if (upstream == null) {
            throw new ConfigException(UPSTREAM + ": empty (expected: the launcher's URL, e.g. http://server:8081)");
        }
        String scheme = upstream.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || upstream.getHost() == null) {
            throw new ConfigException(UPSTREAM + ": " + upstream + " (expected: an http:// or https:// URL with a host)");
        }
        if (upstream.getRawQuery() != null || upstream.getRawFragment() != null || upstream.getRawUserInfo() != null) {
            throw new ConfigException(UPSTREAM + ": " + upstream
                    + " (expected: scheme, host, port and optional path only; no user, query or fragment)");
        }
        if (port < 0 || port > 65_535) {
            throw new ConfigException(PORT + ": " + port + " (expected: 0..65535)");
        }
        checkTimeout(CONNECT_TIMEOUT, connectTimeout);
        checkTimeout(READ_TIMEOUT, readTimeout);
    }

    private static void checkTimeout(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero() || value.compareTo(MAX_TIMEOUT) > 0) {
            throw new ConfigException(name + ": " + value + " (expected: > 0 and <= 60s)");
        }
    }

    /**
     * Reads the relay's settings.
     *
     * @param env the environment
     * @return the settings, or empty when {@value #UPSTREAM} is unset or blank (relay off)
     * @throws ConfigException with one sentence naming the faulty variable
     */
    public static Optional<CredentialsRelayConfig> fromEnvironment(Map<String, String> env) {
        String upstream = env.get(UPSTREAM);
        if (upstream == null || upstream.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new CredentialsRelayConfig(
                uri(upstream.trim()),
                port(env.getOrDefault(PORT, Integer.toString(DEFAULT_PORT))),
                MetricsConfig.duration(CONNECT_TIMEOUT, env.getOrDefault(CONNECT_TIMEOUT, "2s")),
                MetricsConfig.duration(READ_TIMEOUT, env.getOrDefault(READ_TIMEOUT, "5s"))));
    }

    /** @return the launcher's credentials URL for {@code path} (which starts with {@code /}) */
    public URI upstreamFor(String path) {
        String base = upstream.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + path);
    }

    private static URI uri(String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new ConfigException(UPSTREAM + ": " + value + " (expected: a URL; " + e.getReason() + ")");
        }
    }

    private static int port(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(PORT + ": " + value + " (expected: a number 0..65535)");
        }
    }
}
