package io.dataworkspace.dnsfilter.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A Prometheus histogram of query latencies that costs a few plain stores per query: it has one writer (the DNS
 * event loop), so a count is read and written back without atomic read-modify-write, and published with a release
 * store that scrapes on other threads see. (A Micrometer timer does several atomic updates and reads the wall
 * clock per record.)
 */
final class LatencyHistogram implements Collector {

    private final String name;
    private final String help;
    private final long[] boundsNanos;
    private final double[] boundsSeconds;
    /** Per bucket (not cumulative); the last one is +Inf. */
    private final AtomicLongArray counts;
    /** Index {@code 0}: sum of the latencies in nanoseconds. */
    private final AtomicLongArray sum = new AtomicLongArray(1);

    /**
     * @param name        metric name (the {@code _bucket}, {@code _count}, {@code _sum} series are derived)
     * @param help        description
     * @param boundsNanos bucket upper bounds in nanoseconds, ascending
     */
    LatencyHistogram(String name, String help, long... boundsNanos) {
        this.name = name;
        this.help = help;
        this.boundsNanos = boundsNanos.clone();
        this.boundsSeconds = new double[boundsNanos.length + 1];
        for (int i = 0; i < boundsNanos.length; i++) {
            boundsSeconds[i] = boundsNanos[i] / 1e9;
        }
        boundsSeconds[boundsNanos.length] = Double.POSITIVE_INFINITY;
        this.counts = new AtomicLongArray(boundsNanos.length + 1);
    }

    /**
     * Records latencies. Must only be called from one thread.
     *
     * @param nanos the latency
     * @param count how many events took that long
     */
    void record(long nanos, int count) {
        int i = 0;
        while (i < boundsNanos.length && nanos > boundsNanos[i]) {
            i++;
        }
        counts.lazySet(i, counts.get(i) + count);
        sum.lazySet(0, sum.get(0) + Math.max(0, nanos) * count);
    }

    @Override
    public MetricSnapshot collect() {
        long[] c = new long[counts.length()];
        for (int i = 0; i < c.length; i++) {
            c[i] = counts.get(i);
        }
        return HistogramSnapshot.builder()
                .name(name)
                .help(help)
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(boundsSeconds.clone(), c))
                        .sum(sum.get(0) / 1e9)
                        .build())
                .build();
    }

    @Override
    public String getPrometheusName() {
        return name;
    }
}
