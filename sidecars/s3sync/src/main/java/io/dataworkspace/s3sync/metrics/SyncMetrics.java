package io.dataworkspace.s3sync.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Counters and gauges named {@code dataworkspace_s3sync_*}. */
public final class SyncMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter bytesUp = Counter.builder("dataworkspace_s3sync_bytes").tag("direction", "up")
            .description("bytes uploaded").register(registry);
    private final Counter bytesDown = Counter.builder("dataworkspace_s3sync_bytes").tag("direction", "down")
            .description("bytes downloaded").register(registry);
    private final Counter conflicts = Counter.builder("dataworkspace_s3sync_conflicts")
            .description("paths changed on both sides; the remote version was kept as a conflict copy")
            .register(registry);
    private final Counter overflows = Counter.builder("dataworkspace_s3sync_watcher_overflows")
            .description("times file events were dropped and a full scan was needed").register(registry);
    private final Counter fullScans = Counter.builder("dataworkspace_s3sync_full_scans")
            .description("full scans of the local folder").register(registry);
    private final ConcurrentHashMap<String, Counter> files = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> errors = new ConcurrentHashMap<>();

    /** @return the registry, for /metrics */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * @param queueDepth      paths waiting or in flight
     * @param lagSeconds      age of the oldest pending change
     * @param listAgeSeconds  seconds since the last complete remote listing
     */
    public void gauges(Supplier<Number> queueDepth, Supplier<Number> lagSeconds, Supplier<Number> listAgeSeconds) {
        Gauge.builder("dataworkspace_s3sync_queue_depth", queueDepth).description("paths waiting or in flight")
                .register(registry);
        Gauge.builder("dataworkspace_s3sync_lag_seconds", lagSeconds)
                .description("age of the oldest change not yet synced").register(registry);
        Gauge.builder("dataworkspace_s3sync_remote_listing_age_seconds", listAgeSeconds)
                .description("seconds since the last complete listing of the prefix").register(registry);
    }

    /** @param bytes uploaded bytes of one file */
    public void uploaded(long bytes) {
        bytesUp.increment(bytes);
        file("upload");
    }

    /** @param bytes downloaded bytes of one file */
    public void downloaded(long bytes) {
        bytesDown.increment(bytes);
        file("download");
    }

    /** @param operation {@code delete_local}, {@code delete_remote}, {@code mkdir} ... */
    public void file(String operation) {
        files.computeIfAbsent(operation, o -> Counter.builder("dataworkspace_s3sync_files").tag("operation", o)
                .description("files and folders synced, by operation").register(registry)).increment();
    }

    /** A conflict copy was made. */
    public void conflict() {
        conflicts.increment();
    }

    /** @param operation what failed */
    public void error(String operation) {
        errors.computeIfAbsent(operation, o -> Counter.builder("dataworkspace_s3sync_errors").tag("operation", o)
                .description("failed operations (retried)").register(registry)).increment();
    }

    /** Events were dropped. */
    public void overflow() {
        overflows.increment();
    }

    /** A full scan ran. */
    public void fullScan() {
        fullScans.increment();
    }

    /**
     * @param operation operation name
     * @return errors counted so far (tests)
     */
    public double errors(String operation) {
        Counter c = errors.get(operation);
        return c == null ? 0 : c.count();
    }

    /** @return conflicts counted so far (tests) */
    public double conflicts() {
        return conflicts.count();
    }
}
