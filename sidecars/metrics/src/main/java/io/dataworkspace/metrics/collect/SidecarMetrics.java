package io.dataworkspace.metrics.collect;

import io.dataworkspace.metrics.ecs.FailureReason;
import io.dataworkspace.metrics.exposition.MetricFamily;
import io.dataworkspace.metrics.exposition.MetricType;
import io.dataworkspace.metrics.exposition.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The sidecar's own health series ({@code dataworkspace_metrics_sidecar_*}), always exposed, even
 * when the metadata endpoint is down. Every error reason is present from the start at 0 so that
 * {@code rate()} and {@code increase()} see the first failure.
 */
public final class SidecarMetrics {

    private final Map<FailureReason, LongAdder> errors = new EnumMap<>(FailureReason.class);
    private final AtomicLong collections = new AtomicLong();
    private volatile boolean up;
    private volatile double lastDurationSeconds = Double.NaN;

    /** Creates the counters at zero. */
    public SidecarMetrics() {
        for (FailureReason r : FailureReason.values()) {
            errors.put(r, new LongAdder());
        }
    }

    /**
     * Counts one failure.
     *
     * @param reason its category
     */
    public void recordError(FailureReason reason) {
        errors.get(reason).increment();
    }

    /**
     * Records the end of a collection.
     *
     * @param complete whether task metadata and stats were both obtained
     * @param duration how long it took
     */
    public void recordCollection(boolean complete, Duration duration) {
        collections.incrementAndGet();
        up = complete;
        lastDurationSeconds = duration.toNanos() / 1e9;
    }

    /**
     * @param reason a category
     * @return how many failures of that category were counted
     */
    public long errors(FailureReason reason) {
        return errors.get(reason).sum();
    }

    /** @return the families to append to every scrape */
    public List<MetricFamily> families() {
        List<Sample> errorSamples = new ArrayList<>();
        errors.forEach((reason, count) -> errorSamples.add(Sample.of("reason", reason.label(), count.sum())));
        List<MetricFamily> families = new ArrayList<>();
        families.add(new MetricFamily("dataworkspace_metrics_sidecar_metadata_errors_total",
                "Failed uses of the ECS task metadata endpoint, by reason (stats_missing: a container's stats "
                        + "were null, i.e. it is stopped).", MetricType.COUNTER, errorSamples));
        families.add(new MetricFamily("dataworkspace_metrics_sidecar_metadata_up",
                "1 if the last collection obtained both task metadata and task stats, else 0.",
                MetricType.GAUGE, List.of(Sample.of(up ? 1 : 0))));
        families.add(new MetricFamily("dataworkspace_metrics_sidecar_collections_total",
                "Collections from the metadata endpoint (one per scrape of /metrics or /cpu).",
                MetricType.COUNTER, List.of(Sample.of(collections.get()))));
        if (!Double.isNaN(lastDurationSeconds)) {
            families.add(new MetricFamily("dataworkspace_metrics_sidecar_collection_duration_seconds",
                    "Duration of the last collection from the metadata endpoint, in seconds.",
                    MetricType.GAUGE, List.of(Sample.of(lastDurationSeconds))));
        }
        return families;
    }
}
