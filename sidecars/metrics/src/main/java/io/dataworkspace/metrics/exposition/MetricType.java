package io.dataworkspace.metrics.exposition;

/** Prometheus metric types used here. */
public enum MetricType {
    /** A value that goes up and down. */
    GAUGE,
    /** A cumulative value. */
    COUNTER;

    String text() {
        return this == GAUGE ? "gauge" : "counter";
    }
}
