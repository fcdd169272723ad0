package io.dataworkspace.proxy.forward;

/** Why an upstream exchange failed, with the status the client receives when no response had started. */
public enum UpstreamFailure {
    /** Nothing listens on the upstream port, or the host is unknown or unreachable. */
    CONNECT_REFUSED(502),
    /** The TCP connection (or a free pooled connection) was not obtained within the connect timeout. */
    CONNECT_TIMEOUT(504),
    /** The upstream sent nothing for the response timeout. */
    RESPONSE_TIMEOUT(504),
    /** The upstream closed or reset the connection, or sent something that is not HTTP. */
    UPSTREAM_RESET(502);

    private final int status;

    UpstreamFailure(int status) {
        this.status = status;
    }

    /** @return the HTTP status sent to the client when the failure happens before the response started */
    public int status() {
        return status;
    }
}
