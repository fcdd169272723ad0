package io.dataworkspace.metrics;

import io.dataworkspace.metrics.collect.EcsCollector;
import io.dataworkspace.metrics.collect.Scraper;
import io.dataworkspace.metrics.collect.SidecarMetrics;
import io.dataworkspace.metrics.config.MetricsConfig;
import io.dataworkspace.metrics.ecs.HttpTaskMetadataSource;
import io.dataworkspace.metrics.ecs.MetadataParser;
import io.dataworkspace.metrics.http.SidecarServer;
import io.dataworkspace.metrics.relay.CredentialsRelay;
import io.dataworkspace.metrics.relay.RelayMetrics;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The running sidecar: the metadata source, the collector and the HTTP server, and the loopback credentials relay
 * when it is configured, wired from a config.
 */
public final class MetricsSidecar implements AutoCloseable {

    private final SidecarServer server;
    private final HttpTaskMetadataSource source;
    private final Optional<CredentialsRelay> relay;

    private MetricsSidecar(SidecarServer server, HttpTaskMetadataSource source, Optional<CredentialsRelay> relay) {
        this.server = server;
        this.source = source;
        this.relay = relay;
    }

    /**
     * Starts the sidecar.
     *
     * @param config the configuration
     * @return the running sidecar
     * @throws IOException when the listen address or the relay's port cannot be bound
     */
    public static MetricsSidecar start(MetricsConfig config) throws IOException {
        HttpTaskMetadataSource source = new HttpTaskMetadataSource(
                config.metadataUri(), config.metadataTimeout(), new MetadataParser(), Clock.systemUTC());
        Scraper scraper = new Scraper(source,
                new EcsCollector(config.skipContainers(), config.memoryUsageMode()), new SidecarMetrics());
        RelayMetrics relayMetrics = new RelayMetrics();
        CredentialsRelay relay = null;
        try {
            if (config.credentialsRelay().isPresent()) {
                relay = new CredentialsRelay(config.credentialsRelay().get(), relayMetrics);
            }
            boolean relayOn = relay != null;
            SidecarServer server = new SidecarServer(config.listenHost(), config.port(), scraper,
                    () -> relayOn ? relayMetrics.families() : List.of());
            return new MetricsSidecar(server, source, Optional.ofNullable(relay));
        } catch (IOException | RuntimeException e) {
            if (relay != null) {
                relay.close();
            }
            source.close();
            throw e;
        }
    }

    /** @return the port the HTTP server listens on */
    public int port() {
        return server.port();
    }

    /** @return the credentials relay's port on 127.0.0.1, empty when the relay is off */
    public Optional<Integer> relayPort() {
        return relay.map(CredentialsRelay::port);
    }

    @Override
    public void close() {
        relay.ifPresent(CredentialsRelay::close);
        server.close();
        source.close();
    }
}
