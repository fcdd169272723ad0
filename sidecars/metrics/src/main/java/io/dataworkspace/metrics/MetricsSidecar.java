package io.dataworkspace.metrics;

import io.dataworkspace.metrics.collect.EcsCollector;
import io.dataworkspace.metrics.collect.Scraper;
import io.dataworkspace.metrics.collect.SidecarMetrics;
import io.dataworkspace.metrics.config.MetricsConfig;
import io.dataworkspace.metrics.ecs.HttpTaskMetadataSource;
import io.dataworkspace.metrics.ecs.MetadataParser;
import io.dataworkspace.metrics.http.SidecarServer;
import java.io.IOException;
import java.time.Clock;

/** The running sidecar: the metadata source, the collector and the HTTP server, wired from a config. */
public final class MetricsSidecar implements AutoCloseable {

    private final SidecarServer server;
    private final HttpTaskMetadataSource source;

    private MetricsSidecar(SidecarServer server, HttpTaskMetadataSource source) {
        this.server = server;
        this.source = source;
    }

    /**
     * Starts the sidecar.
     *
     * @param config the configuration
     * @return the running sidecar
     * @throws IOException when the listen address cannot be bound
     */
    public static MetricsSidecar start(MetricsConfig config) throws IOException {
        HttpTaskMetadataSource source = new HttpTaskMetadataSource(
                config.metadataUri(), config.metadataTimeout(), new MetadataParser(), Clock.systemUTC());
        Scraper scraper = new Scraper(source,
                new EcsCollector(config.skipContainers(), config.memoryUsageMode()), new SidecarMetrics());
        try {
            return new MetricsSidecar(new SidecarServer(config.listenHost(), config.port(), scraper), source);
        } catch (IOException | RuntimeException e) {
            source.close();
            throw e;
        }
    }

    /** @return the port the HTTP server listens on */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        source.close();
    }
}
