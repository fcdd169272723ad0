package io.dataworkspace.dnsfilter;

import io.dataworkspace.dnsfilter.exfil.ExfiltrationLimits;
import io.dataworkspace.dnsfilter.net.Transport;
import io.dataworkspace.dnsfilter.resolve.TtlPolicy;
import io.dataworkspace.dnsfilter.server.DenyRcode;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The filter's configuration, built once from the environment ({@link #fromEnv(Map)}). See the README for the
 * variables and their defaults.
 *
 * @param dnsHost            address the DNS server binds
 * @param dnsPort            DNS port (UDP and TCP), 0 for any
 * @param httpHost           address of the admin HTTP port
 * @param httpPort           admin HTTP port, 0 for any
 * @param rulesFile          the rules file
 * @param rulesPoll          how often the rules file is checked for changes
 * @param upstreams          upstream resolvers, in order of preference
 * @param upstreamTimeout    per attempt
 * @param upstreamAttempts   attempts in total across upstreams before SERVFAIL
 * @param denyRcode          response code of denied names
 * @param cacheMaxEntries    answers kept at most
 * @param ttls               cache lifetimes
 * @param ednsUdpSize        EDNS0 UDP payload size used and advertised
 * @param tcpIdleTimeout     idle TCP connections are closed after this
 * @param tcpMaxConnections  TCP connections at most
 * @param maxInflight        distinct questions waiting on upstream at most
 * @param healthName         name /healthz resolves through the upstream
 * @param exfil              exfiltration thresholds
 * @param transport          network transport: native epoll when available, or NIO
 */
public record DnsFilterConfig(String dnsHost, int dnsPort, String httpHost, int httpPort, Path rulesFile,
                              Duration rulesPoll, List<InetSocketAddress> upstreams, Duration upstreamTimeout,
                              int upstreamAttempts, DenyRcode denyRcode, int cacheMaxEntries, TtlPolicy ttls,
                              int ednsUdpSize, Duration tcpIdleTimeout, int tcpMaxConnections, int maxInflight,
                              String healthName, ExfiltrationLimits exfil, Transport.Choice transport) {

    /** Validates every field. */
    public DnsFilterConfig {
        requireText("DNSFILTER_DNS_HOST", dnsHost);
        requireText("DNSFILTER_HTTP_HOST", httpHost);
        requirePort("DNSFILTER_DNS_PORT", dnsPort);
        requirePort("DNSFILTER_HTTP_PORT", httpPort);
        if (rulesFile == null) {
            throw new IllegalArgumentException("DNSFILTER_RULES_FILE is required (the YAML rules file)");
        }
        requirePositive("DNSFILTER_RULES_POLL", rulesPoll);
        if (upstreams == null || upstreams.isEmpty()) {
            throw new IllegalArgumentException("DNSFILTER_UPSTREAMS is required (e.g. 169.254.169.253)");
        }
        upstreams = List.copyOf(upstreams);
        requirePositive("DNSFILTER_UPSTREAM_TIMEOUT", upstreamTimeout);
        requireRange("DNSFILTER_UPSTREAM_ATTEMPTS", upstreamAttempts, 1, 10);
        requireRange("DNSFILTER_CACHE_MAX_ENTRIES", cacheMaxEntries, 0, 10_000_000);
        requireRange("DNSFILTER_EDNS_UDP_SIZE", ednsUdpSize, 512, 4096);
        requirePositive("DNSFILTER_TCP_IDLE_TIMEOUT", tcpIdleTimeout);
        requireRange("DNSFILTER_TCP_MAX_CONNECTIONS", tcpMaxConnections, 1, 1_000_000);
        requireRange("DNSFILTER_MAX_INFLIGHT", maxInflight, 1, 1_000_000);
        requireText("DNSFILTER_HEALTH_NAME", healthName);
        if (denyRcode == null || ttls == null || exfil == null || transport == null) {
            throw new IllegalArgumentException("denyRcode, ttls, exfil and transport are required");
        }
    }

    /**
     * @param env the environment (or a test's map)
     * @return the configuration
     * @throws IllegalArgumentException naming the variable and what was expected
     */
    public static DnsFilterConfig fromEnv(Map<String, String> env) {
        Env e = new Env(env);
        String rules = e.str("DNSFILTER_RULES_FILE", null);
        String ups = e.str("DNSFILTER_UPSTREAMS", null);
        ExfiltrationLimits d = ExfiltrationLimits.defaults();
        ExfiltrationLimits exfil = new ExfiltrationLimits(
                e.integer("DNSFILTER_MAX_NAME_LENGTH", d.maxNameLength()),
                e.integer("DNSFILTER_MAX_LABEL_LENGTH", d.maxLabelLength()),
                e.integer("DNSFILTER_ENTROPY_MIN_LABEL", d.entropyMinLabel()),
                e.decimal("DNSFILTER_ENTROPY_BITS", d.entropyBits()),
                e.integer("DNSFILTER_UNIQUE_PER_ZONE", d.uniquePerZone()),
                e.duration("DNSFILTER_UNIQUE_WINDOW", d.uniqueWindow()),
                e.integer("DNSFILTER_CLIENT_QPS", d.clientQps()),
                e.integer("DNSFILTER_CLIENT_BURST", d.clientBurst()),
                e.integer("DNSFILTER_MAX_CLIENTS", d.maxTrackedClients()));
        String deny = e.str("DNSFILTER_DENY_RCODE", "REFUSED").toUpperCase(Locale.ROOT);
        DenyRcode denyRcode;
        try {
            denyRcode = DenyRcode.valueOf(deny);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("DNSFILTER_DENY_RCODE: " + deny + " (expected: REFUSED or NXDOMAIN)");
        }
        return new DnsFilterConfig(
                e.str("DNSFILTER_DNS_HOST", "0.0.0.0"),
                e.integer("DNSFILTER_DNS_PORT", 53),
                e.str("DNSFILTER_HTTP_HOST", "0.0.0.0"),
                e.integer("DNSFILTER_HTTP_PORT", 8053),
                rules == null ? null : Path.of(rules),
                e.duration("DNSFILTER_RULES_POLL", Duration.ofSeconds(2)),
                ups == null ? null : upstreams(ups),
                e.duration("DNSFILTER_UPSTREAM_TIMEOUT", Duration.ofMillis(800)),
                e.integer("DNSFILTER_UPSTREAM_ATTEMPTS", 3),
                denyRcode,
                e.integer("DNSFILTER_CACHE_MAX_ENTRIES", 100_000),
                new TtlPolicy(e.duration("DNSFILTER_CACHE_MIN_TTL", Duration.ZERO),
                        e.duration("DNSFILTER_CACHE_MAX_TTL", Duration.ofHours(1)),
                        e.duration("DNSFILTER_CACHE_MAX_NEGATIVE_TTL", Duration.ofMinutes(5)),
                        e.duration("DNSFILTER_CACHE_DEFAULT_NEGATIVE_TTL", Duration.ofSeconds(60))),
                e.integer("DNSFILTER_EDNS_UDP_SIZE", 1232),
                e.duration("DNSFILTER_TCP_IDLE_TIMEOUT", Duration.ofSeconds(10)),
                e.integer("DNSFILTER_TCP_MAX_CONNECTIONS", 1024),
                e.integer("DNSFILTER_MAX_INFLIGHT", 1024),
                e.str("DNSFILTER_HEALTH_NAME", "sts.amazonaws.com"),
                exfil,
                Transport.Choice.parse(e.str("DNSFILTER_TRANSPORT", "auto")));
    }

    /**
     * @param text comma-separated {@code host}, {@code host:port} or {@code [v6]:port}; literal addresses only
     * @return the addresses (port 53 by default)
     */
    static List<InetSocketAddress> upstreams(String text) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String raw : text.split(",")) {
            String s = raw.trim();
            if (s.isEmpty()) {
                continue;
            }
            String host = s;
            int port = 53;
            if (s.startsWith("[")) {
                int close = s.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("DNSFILTER_UPSTREAMS: '" + s + "' lacks ']'");
                }
                host = s.substring(1, close);
                if (s.length() > close + 1) {
                    port = parsePort(s, s.substring(close + 2));
                }
            } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
                host = s.substring(0, s.indexOf(':'));
                port = parsePort(s, s.substring(s.indexOf(':') + 1));
            }
            if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                throw new IllegalArgumentException("DNSFILTER_UPSTREAMS: '" + s
                        + "' is not an IP address (expected: literal addresses such as 169.254.169.253)");
            }
            out.add(new InetSocketAddress(host, port));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("DNSFILTER_UPSTREAMS is empty");
        }
        return out;
    }

    private static int parsePort(String whole, String port) {
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("DNSFILTER_UPSTREAMS: bad port in '" + whole + "'");
        }
    }

    private static void requireText(String name, String v) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " is empty");
        }
    }

    private static void requirePort(String name, int v) {
        requireRange(name, v, 0, 65535);
    }

    private static void requireRange(String name, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + ": " + v + " (expected: " + min + ".." + max + ")");
        }
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
        }
    }

    /** Typed reads of environment variables with the variable's name in every error. */
    private record Env(Map<String, String> env) {

        String str(String name, String def) {
            String v = env.get(name);
            return v == null || v.isBlank() ? def : v.trim();
        }

        int integer(String name, int def) {
            String v = str(name, null);
            if (v == null) {
                return def;
            }
            try {
                return Integer.parseInt(v.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": '" + v + "' (expected: an integer)");
            }
        }

        double decimal(String name, double def) {
            String v = str(name, null);
            if (v == null) {
                return def;
            }
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": '" + v + "' (expected: a number)");
            }
        }

        Duration duration(String name, Duration def) {
            String v = str(name, null);
            if (v == null) {
                return def;
            }
            try {
                return parseDuration(v);
            } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
                throw new IllegalArgumentException(name + ": '" + v + "' (expected: a duration such as 500ms, 2s, 5m, 1h"
                        + " or PT2S)");
            }
        }
    }

    /**
     * @param v {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h} or ISO-8601 {@code PT2S}
     * @return the duration
     */
    static Duration parseDuration(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.startsWith("pt") || s.startsWith("p")) {
            return Duration.parse(v.trim().toUpperCase(Locale.ROOT));
        }
        if (s.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        }
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        return switch (s.charAt(s.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("unit");
        };
    }
}
