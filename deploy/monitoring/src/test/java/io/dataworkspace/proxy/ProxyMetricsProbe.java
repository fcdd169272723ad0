package io.dataworkspace.proxy;

import io.dataworkspace.proxy.spawn.ProgressHub;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Test-only bridge to the proxy's package-private {@link ProxyMetrics}: registers its meters on a registry and
 * records one value through every method, so that every series the proxy can export appears in a scrape.
 */
public final class ProxyMetricsProbe {
    private ProxyMetricsProbe() {
    }

    /** @param registry where the proxy's meters are registered and recorded once each */
    public static void recordOneOfEach(MeterRegistry registry) {
        ProxyMetrics metrics = new ProxyMetrics(registry, new ProgressHub());
        metrics.activeSessions(3);
        for (String kind : new String[] {"root", "tool", "visualisation", "unknown"}) {
            metrics.request(kind, 200);
            metrics.request(kind, 503);
        }
        metrics.request("tool", 502);
        metrics.routed("tool");
        metrics.denied();
        metrics.spawnPageShown();
        metrics.upstreamResponded(null, 200, 1_000_000);
        metrics.upstreamFailed(null, null, false, 1_000_000);
        metrics.webSocketOpened(null);
    }
}
