package io.dataworkspace.metrics.relay;

/** What asking the launcher for credentials gave. */
sealed interface UpstreamAnswer {

    /**
     * The launcher answered; the relay passes this on as is.
     *
     * @param status      its HTTP status
     * @param contentType its Content-Type, or null when it sent none
     * @param body        its body (at most {@link LauncherCredentialsClient#MAX_BODY_BYTES})
     */
    record Answered(int status, String contentType, byte[] body) implements UpstreamAnswer {
    }

    /**
     * The launcher could not be reached (refused, unknown host, reset): the relay answers 502.
     *
     * @param message what happened, without the caller's token
     */
    record Unreachable(String message) implements UpstreamAnswer {
    }

    /**
     * The launcher did not accept the connection or answer in time: the relay answers 504.
     *
     * @param message what happened
     */
    record TimedOut(String message) implements UpstreamAnswer {
    }

    /**
     * The launcher's answer cannot be relayed (larger than the cap): the relay answers 502.
     *
     * @param message what was wrong
     */
    record Unusable(String message) implements UpstreamAnswer {
    }
}
