package io.dataworkspace.metrics.relay;

import io.dataworkspace.metrics.exposition.MetricFamily;
import io.dataworkspace.metrics.exposition.MetricType;
import io.dataworkspace.metrics.exposition.Sample;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code dataworkspace_metrics_sidecar_credentials_requests_total{outcome}}: every outcome present from 0, so the
 * first failure shows in {@code increase()}.
 */
public final class RelayMetrics {

    private final Map<RelayOutcome, LongAdder> requests = new EnumMap<>(RelayOutcome.class);

    /** Creates the counters at zero. */
    public RelayMetrics() {
        for (RelayOutcome outcome : RelayOutcome.values()) {
            requests.put(outcome, new LongAdder());
        }
    }

    void record(RelayOutcome outcome) {
        requests.get(outcome).increment();
    }

    /**
     * @param outcome an outcome
     * @return how many requests ended so
     */
    public long count(RelayOutcome outcome) {
        return requests.get(outcome).sum();
    }

    /** @return the relay's families, appended to every scrape of {@code /metrics} */
    public List<MetricFamily> families() {
        List<Sample> samples = new ArrayList<>();
        requests.forEach((outcome, count) -> samples.add(Sample.of("outcome", outcome.label(), count.sum())));
        return List.of(new MetricFamily("dataworkspace_metrics_sidecar_credentials_requests_total",
                "Requests to the loopback credentials relay, by outcome (served, upstream_error, unauthenticated, "
                        + "rejected, unreachable, timeout).", MetricType.COUNTER, samples));
    }
}
