package io.dataworkspace.proxy.forward;

/**
 * Receives the traffic of one tool instance, on the event loop, once per body chunk or WebSocket read.
 *
 * <p>Calls carry primitives only, so an implementation that adds to counters (see {@link ActivityCounters})
 * allocates nothing. Implementations must be cheap and must not block: they run on the hot path.
 */
public interface ActivityListener {

    /** A listener that ignores everything. */
    ActivityListener NONE = new ActivityListener() {
        @Override
        public void exchangeStarted(boolean webSocket) {
        }

        @Override
        public void bytesToUpstream(long bytes) {
        }

        @Override
        public void bytesToClient(long bytes) {
        }

        @Override
        public void webSocketFrames(boolean fromClient, int dataFrames, int controlFrames) {
        }
    };

    /** An HTTP request ({@code webSocket == false}) or a WebSocket upgrade started towards the instance. */
    void exchangeStarted(boolean webSocket);

    /** Body (or raw WebSocket) bytes sent from the client to the instance. */
    void bytesToUpstream(long bytes);

    /** Body (or raw WebSocket) bytes sent from the instance to the client. */
    void bytesToClient(long bytes);

    /**
     * WebSocket frames seen in one read: data frames (text, binary, continuation) and control frames (ping, pong,
     * close) separately, so keep-alive pings need not count as user activity.
     */
    void webSocketFrames(boolean fromClient, int dataFrames, int controlFrames);
}
