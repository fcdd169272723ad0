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
                    + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        log.info("listening on {}:{} in {} ms; metadata {}; timeout {} ms; skipping containers {}; memory usage {}",
                config.listenHost(), sidecar.port(), ManagementFactory.getRuntimeMXBean().getUptime(),
                config.metadataUri(), config.metadataTimeout().toMillis(), config.skipContainers(),
                config.memoryUsageMode());
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
