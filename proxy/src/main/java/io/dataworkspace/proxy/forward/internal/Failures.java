package io.dataworkspace.proxy.forward.internal;

import io.dataworkspace.proxy.forward.UpstreamFailure;
import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/** Maps the exceptions of the HTTP client to an {@link UpstreamFailure}. */
final class Failures {

    private Failures() {
    }

    /**
     * @param t              what the client reported
     * @param requestStarted whether a connection had been obtained (a timeout before that is a connect timeout)
     */
    static UpstreamFailure classify(Throwable t, boolean requestStarted) {
        if (t instanceof ConnectTimeoutException) {
            return UpstreamFailure.CONNECT_TIMEOUT;
        }
        if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException) {
            return UpstreamFailure.CONNECT_REFUSED;
        }
        if (t instanceof TimeoutException) {
            return requestStarted ? UpstreamFailure.RESPONSE_TIMEOUT : UpstreamFailure.CONNECT_TIMEOUT;
        }
        return UpstreamFailure.UPSTREAM_RESET;
    }
}
