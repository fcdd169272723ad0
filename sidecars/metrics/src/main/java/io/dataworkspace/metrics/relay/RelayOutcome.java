package io.dataworkspace.metrics.relay;

/** How one relay request ended: the {@code outcome} label of the relay's request counter. */
public enum RelayOutcome {
    /** The launcher answered 2xx and the answer was passed on. */
    SERVED,
    /** The launcher answered with an error status (403 for a bad token, 503 when STS fails), passed on. */
    UPSTREAM_ERROR,
    /** No {@code Authorization} header (or an unusable one): 401/400, the launcher was not asked. */
    UNAUTHENTICATED,
    /** Another path (404) or method (405): the launcher was not asked. */
    REJECTED,
    /** The launcher could not be reached, or answered something unusable: 502. */
    UNREACHABLE,
    /** The launcher did not connect or answer in time: 504. */
    TIMEOUT;

    /** @return the label value, e.g. {@code upstream_error} */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
