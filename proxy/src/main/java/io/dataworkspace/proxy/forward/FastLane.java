package io.dataworkspace.proxy.forward;

/**
 * The proxy's decision for the fast path ({@link Forwarder#installFastPath}): given a plain request's head, read
 * straight from the connection, either where to forward it — when everything it needs is known without blocking
 * (a cached session, an allowed user, a running route) — or null, and the request goes to the full HTTP handler,
 * which does the same checks the slow way (and signs in, refuses, spawns...). Called on the connection's event loop.
 */
public interface FastLane {

    /** A request as the fast path sees it: views on its head, valid during the call only. */
    interface Request {
        CharSequence host();

        /** The path, without the query. */
        CharSequence path();

        /** The {@code Cookie} header, or null. */
        CharSequence cookies();

        /**
         * What the lane kept from an earlier request on the same connection (null at first): a keep-alive connection
         * mostly repeats its host and cookies, so what the lane derives from them alone can be reused.
         */
        Object memo();

        void memo(Object memo);
    }

    /** Where the request goes and who it comes from. */
    record Target(Upstream upstream, ForwardIdentity identity, ActivityListener activity, String routeKind) {
    }

    /** What was done with a fast-path request, for the access log and metrics; valid during the call only. */
    interface Done {
        CharSequence method();

        CharSequence host();

        CharSequence path();

        /** The status sent to the client (the error page's on failure). */
        int status();

        long bytesToClient();

        long nanos();

        String requestId();

        String clientAddress();
    }

    /** @return the target, or null to let the full handler take the request */
    Target target(Request request);

    /** The correlation id for a request carrying {@code inbound} as {@code X-Request-Id} (may be null). */
    String requestId(CharSequence inbound);

    /** Once per fast-path request, when its response ended or failed. */
    void finished(Target target, Done done);
}
