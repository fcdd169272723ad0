package io.dataworkspace.proxy.forward;

/**
 * Metrics hooks of a {@link Forwarder}, called on the event loop: keep implementations cheap (a Micrometer timer
 * or counter lookup cached per status is fine) and non-blocking.
 */
public interface ForwardListener {

    /** A listener that ignores everything. */
    ForwardListener NONE = new ForwardListener() {
    };

    /**
     * The upstream answered (headers received).
     *
     * @param upstream     where the request went
     * @param status       the upstream's status code (101 for an accepted WebSocket)
     * @param latencyNanos from the start of forwarding to the upstream's response headers
     */
    default void upstreamResponded(Upstream upstream, int status, long latencyNanos) {
    }

    /**
     * The upstream failed; if no response had started the client received {@link UpstreamFailure#status()}.
     *
     * @param upstream        where the request went
     * @param failure         why
     * @param responseStarted whether the client had already received response headers (then the client connection
     *                        is closed instead of receiving an error page)
     * @param latencyNanos    from the start of forwarding to the failure
     */
    default void upstreamFailed(Upstream upstream, UpstreamFailure failure, boolean responseStarted, long latencyNanos) {
    }

    /** A WebSocket tunnel opened (for an open-WebSockets gauge). */
    default void webSocketOpened(Upstream upstream) {
    }

    /** A WebSocket tunnel closed; called exactly once per {@link #webSocketOpened}. */
    default void webSocketClosed(Upstream upstream) {
    }
}
