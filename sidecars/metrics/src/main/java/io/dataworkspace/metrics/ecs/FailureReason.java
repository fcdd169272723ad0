package io.dataworkspace.metrics.ecs;

/** Why metadata could not be used; the {@code reason} label of the sidecar's error counter. */
public enum FailureReason {
    /** Connection refused, reset, DNS or other I/O failure. */
    UNREACHABLE("unreachable"),
    /** No complete answer within the configured timeout. */
    TIMEOUT("timeout"),
    /** The endpoint answered with a status other than 200. */
    HTTP_STATUS("http_status"),
    /** The body was not the documented JSON shape. */
    MALFORMED("malformed"),
    /** A container listed in {@code /task} has a null or missing entry in {@code /task/stats} (stopped). */
    STATS_MISSING("stats_missing");

    private final String label;

    FailureReason(String label) {
        this.label = label;
    }

    /** @return the Prometheus label value */
    public String label() {
        return label;
    }
}
