package io.dataworkspace.metrics;

import io.dataworkspace.metrics.config.ConfigException;
import io.dataworkspace.metrics.config.MetricsConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point: reads the environment, starts the sidecar, stops it on SIGTERM. */
public final class Main {

    private Main() {
    }

    /**
     * @param args ignored; configuration is the environment (see the README)
     */
    public static void main(String[] args) {
        // The relay's upstream is a service-discovery name with one A record per server task: re-resolve it soon
        // after a task is replaced rather than after the JVM's default 30 s.
        java.security.Security.setProperty("networkaddress.cache.ttl", "5");
        MetricsConfig config;
        try {
            config = MetricsConfig.fromEnvironment(System.getenv());
        } catch (ConfigException e) {
            System.err.println("metrics-sidecar: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        MetricsSidecar sidecar;
        try {
            sidecar = MetricsSidecar.start(config);
        } catch (IOException e) {
            System.err.println("metrics-sidecar: cannot listen on " + config.listenHost() + ":" + config.port()
                    + config.credentialsRelay().map(r -> " or 127.0.0.1:" + r.port() + " (credentials relay)").orElse("")
                    + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        log.info("listening on {}:{} in {} ms; metadata {}; timeout {} ms; skipping containers {}; memory usage {}",
                config.listenHost(), sidecar.port(), ManagementFactory.getRuntimeMXBean().getUptime(),
                config.metadataUri(), config.metadataTimeout().toMillis(), config.skipContainers(),
                config.memoryUsageMode());
        config.credentialsRelay().ifPresentOrElse(
                relay -> log.info("credentials relay on 127.0.0.1:{} to {}; connect timeout {} ms, read timeout {} ms",
                        sidecar.relayPort().orElse(relay.port()), relay.upstreamFor(
                                io.dataworkspace.metrics.relay.CredentialsRelay.PATH),
                        relay.connectTimeout().toMillis(), relay.readTimeout().toMillis()),
                () -> log.info("credentials relay off ({} not set)",
                        io.dataworkspace.metrics.config.CredentialsRelayConfig.UPSTREAM));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sidecar.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
