package io.dataworkspace.proxy.forward;

import io.dataworkspace.proxy.forward.internal.ConfigValues;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Settings of a {@link Forwarder}, immutable and validated once.
 *
 * @param connectTimeout            time to obtain a connection to the upstream (TCP connect or a free pooled
 *                                  connection); exceeded: {@code 504}
 * @param responseTimeout           longest silence from the upstream while a request waits for or streams its
 *                                  response; before the response started: {@code 504}, after: the client
 *                                  connection is closed (reported as {@link UpstreamFailure#UPSTREAM_RESET})
 * @param webSocketIdleTimeout      a WebSocket tunnel with no traffic either way for this long is closed;
 *                                  {@link Duration#ZERO} keeps idle tunnels open forever
 * @param upstreamKeepAlive         how long an idle pooled upstream connection is kept; keep it below the tools'
 *                                  own keep-alive timeout so a connection is never reused as the tool closes it
 * @param maxConnectionsPerUpstream connections per upstream host and port and per event loop (pipelining is off; beyond
 *                                  it requests wait for a free one, up to the connect timeout)
 * @param trustedHops               number of proxies in front of this one whose {@code X-Forwarded-*} headers are
 *                                  trusted (0: the client talks to us directly, every inbound value is ignored)
 * @param proxyCookieNames          this proxy's own cookies, removed from the {@code Cookie} header sent upstream
 * @param preserveHost              send the client's {@code Host} upstream (true) or the upstream's authority
 * @param defaultResponseHeaders    headers added to every response the tool did not set itself (security headers)
 */
public record ForwardOptions(
        Duration connectTimeout,
        Duration responseTimeout,
        Duration webSocketIdleTimeout,
        Duration upstreamKeepAlive,
        int maxConnectionsPerUpstream,
        int trustedHops,
        Set<String> proxyCookieNames,
        boolean preserveHost,
        Map<String, String> defaultResponseHeaders) {

    /** Defaults: 5 s connect, 300 s response silence, 1 h WebSocket idle, 4 s keep-alive, 256 connections, 0 hops. */
    public static final ForwardOptions DEFAULTS = new ForwardOptions(Duration.ofSeconds(5), Duration.ofSeconds(300),
            Duration.ofHours(1), Duration.ofSeconds(4), 256, 0, Set.of(), true, Map.of());

    public ForwardOptions {
        ConfigValues.requirePositive("connectTimeout", connectTimeout);
        ConfigValues.requirePositive("responseTimeout", responseTimeout);
        ConfigValues.requireNotNegative("webSocketIdleTimeout", webSocketIdleTimeout);
        ConfigValues.requirePositive("upstreamKeepAlive", upstreamKeepAlive);
        if (upstreamKeepAlive.toMillis() < 1000) {
            throw new IllegalArgumentException("upstreamKeepAlive: " + upstreamKeepAlive + " (expected: >= 1s)");
        }
        if (maxConnectionsPerUpstream < 1) {
            throw new IllegalArgumentException(
                    "maxConnectionsPerUpstream: " + maxConnectionsPerUpstream + " (expected: > 0)");
        }
        if (trustedHops < 0 || trustedHops > 16) {
            throw new IllegalArgumentException("trustedHops: " + trustedHops + " (expected: 0..16)");
        }
        proxyCookieNames = Set.copyOf(proxyCookieNames);
        defaultResponseHeaders = Map.copyOf(defaultResponseHeaders);
        for (String name : proxyCookieNames) {
            if (!ConfigValues.isToken(name)) {
                throw new IllegalArgumentException("proxyCookieNames: '" + name + "' is not a valid cookie name");
            }
        }
    }

    /**
     * Reads the options from an environment map; absent keys keep {@link #DEFAULTS}.
     *
     * <table>
     *   <caption>keys</caption>
     *   <tr><td>{@code FORWARD_CONNECT_TIMEOUT}</td><td>duration, e.g. {@code 5s}, {@code 500ms}, {@code PT5S}</td></tr>
     *   <tr><td>{@code FORWARD_RESPONSE_TIMEOUT}</td><td>duration</td></tr>
     *   <tr><td>{@code FORWARD_WEBSOCKET_IDLE_TIMEOUT}</td><td>duration, {@code 0} for none</td></tr>
     *   <tr><td>{@code FORWARD_UPSTREAM_KEEPALIVE}</td><td>duration, whole seconds</td></tr>
     *   <tr><td>{@code FORWARD_MAX_CONNECTIONS_PER_UPSTREAM}</td><td>integer</td></tr>
     *   <tr><td>{@code FORWARD_TRUSTED_HOPS}</td><td>integer</td></tr>
     *   <tr><td>{@code FORWARD_PROXY_COOKIES}</td><td>comma-separated cookie names</td></tr>
     *   <tr><td>{@code FORWARD_PRESERVE_HOST}</td><td>{@code true} / {@code false}</td></tr>
     * </table>
     *
     * @throws IllegalArgumentException naming the key when a value is malformed or out of range
     */
    public static ForwardOptions fromEnv(Map<String, String> env) {
        ForwardOptions d = DEFAULTS;
        return new ForwardOptions(
                ConfigValues.duration(env, "FORWARD_CONNECT_TIMEOUT", d.connectTimeout()),
                ConfigValues.duration(env, "FORWARD_RESPONSE_TIMEOUT", d.responseTimeout()),
                ConfigValues.duration(env, "FORWARD_WEBSOCKET_IDLE_TIMEOUT", d.webSocketIdleTimeout()),
                ConfigValues.duration(env, "FORWARD_UPSTREAM_KEEPALIVE", d.upstreamKeepAlive()),
                ConfigValues.integer(env, "FORWARD_MAX_CONNECTIONS_PER_UPSTREAM", d.maxConnectionsPerUpstream()),
                ConfigValues.integer(env, "FORWARD_TRUSTED_HOPS", d.trustedHops()),
                ConfigValues.list(env, "FORWARD_PROXY_COOKIES", d.proxyCookieNames()),
                ConfigValues.bool(env, "FORWARD_PRESERVE_HOST", d.preserveHost()), Map.of());
    }

    /** @return a copy with other proxy cookie names */
    public ForwardOptions withProxyCookieNames(Set<String> names) {
        return new ForwardOptions(connectTimeout, responseTimeout, webSocketIdleTimeout, upstreamKeepAlive,
                maxConnectionsPerUpstream, trustedHops, names, preserveHost, defaultResponseHeaders);
    }

    /** @return a copy trusting another number of hops */
    public ForwardOptions withTrustedHops(int hops) {
        return new ForwardOptions(connectTimeout, responseTimeout, webSocketIdleTimeout, upstreamKeepAlive,
                maxConnectionsPerUpstream, hops, proxyCookieNames, preserveHost, defaultResponseHeaders);
    }

    /** @return a copy with other timeouts */
    public ForwardOptions withTimeouts(Duration connect, Duration response, Duration webSocketIdle) {
        return new ForwardOptions(connect, response, webSocketIdle, upstreamKeepAlive, maxConnectionsPerUpstream,
                trustedHops, proxyCookieNames, preserveHost, defaultResponseHeaders);
    }

    /** @return a copy adding {@code headers} to every response that does not carry them already */
    public ForwardOptions withDefaultResponseHeaders(Map<String, String> headers) {
        return new ForwardOptions(connectTimeout, responseTimeout, webSocketIdleTimeout, upstreamKeepAlive,
                maxConnectionsPerUpstream, trustedHops, proxyCookieNames, preserveHost, headers);
    }
}
