package io.dataworkspace.proxy;

import io.dataworkspace.launcher.config.ConfigException;
import io.dataworkspace.launcher.config.Env;

/**
 * Where the proxy listens. Its public origin (what browsers see) is {@code PUBLIC_URL}, or
 * {@code http://localhost:<port>} in development.
 *
 * @param bindHost {@code PROXY_HOST}: 127.0.0.1 by default; 0.0.0.0 behind a load balancer
 * @param port     {@code PROXY_PORT}: 8080 by default; 0 picks a free port (tests)
 * @param fastPath {@code PROXY_FAST_PATH}: true by default; false sends every request through the full HTTP
 *                 handler (for comparisons, or to rule the fast path out when diagnosing)
 */
public record ProxyConfig(String bindHost, int port, boolean fastPath) {
    public ProxyConfig {
        if (bindHost == null || bindHost.isBlank()) {
            throw new ConfigException("PROXY_HOST: empty (expected: an address such as 127.0.0.1 or 0.0.0.0)");
        }
    }

    public static ProxyConfig fromEnv(Env env) {
        return new ProxyConfig(env.string("PROXY_HOST", "127.0.0.1"), env.integer("PROXY_PORT", 8080, 0, 65535),
                env.bool("PROXY_FAST_PATH", true));
    }
}
