package io.dataworkspace.proxy.forward;

import io.dataworkspace.proxy.forward.internal.ForwardEngine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

/**
 * Forwards HTTP requests and WebSocket upgrades to tool instances.
 *
 * <p>Given a request the caller has authenticated, authorised and routed, {@link #forward} streams it to the
 * {@link Upstream} and the answer back, with the user's {@link ForwardIdentity} in {@code X-Workspace-User-*}
 * headers. Bodies stream both ways with backpressure (memory per exchange is bounded by a few socket buffers,
 * whatever the body size); WebSockets become raw tunnels once the tool accepts the upgrade. A tool that refuses
 * connections gets the client a {@code 502} page, one that does not answer in time a {@code 504} (HTML for
 * browser navigations, JSON otherwise).
 *
 * <p>Thread safety: a forwarder may be shared, but each call must happen on the request's event loop (as a Vert.x
 * request handler does). Create one per verticle for connection locality. If the caller does asynchronous work
 * (a session lookup) before calling {@link #forward}, it must call {@code request.pause()} first so no body bytes
 * are lost; the forwarder resumes the request.
 */
public final class Forwarder {

    private final ForwardEngine engine;

    private Forwarder(ForwardEngine engine) {
        this.engine = engine;
    }

    /**
     * @param vertx    the Vert.x instance whose event loops run the upstream connections
     * @param options  timeouts, pool size, trusted hops, proxy cookie names
     * @param listener metrics hooks ({@link ForwardListener#NONE} for none)
     */
    public static Forwarder create(Vertx vertx, ForwardOptions options, ForwardListener listener) {
        return new Forwarder(new ForwardEngine(vertx, options, listener));
    }

    /**
     * Forwards {@code request} and completes its response (or closes its connection on a failure after the response
     * started). Never throws for upstream problems: they become 502/504 responses and listener calls.
     *
     * @param request  the client's request, not yet answered; paused if it may carry a body and work preceded
     * @param upstream where to send it
     * @param identity the signed-in user
     * @param activity receives the instance's bytes and WebSocket frames
     */
    public void forward(HttpServerRequest request, Upstream upstream, ForwardIdentity identity,
            ActivityListener activity) {
        engine.forward(request, upstream, identity, activity);
    }

    /**
     * Puts the fast path in front of a new HTTP/1.1 connection's decoder (call it from the server's connection
     * handler, before the first request is read): requests {@code lane} gives a target for are forwarded from the
     * raw bytes, everything else reaches the server's request handler as before.
     *
     * @param limits the server's request limits: requests beyond them go to the server, which refuses them
     * @return whether it was installed (not for HTTP/2, the Vert.x client engine or unexpected Vert.x internals)
     */
    public boolean installFastPath(HttpConnection connection, FastLane lane, ServerLimits limits) {
        return engine.installFastPath(connection, lane, limits.maxInitialLineBytes(), limits.maxHeaderBytes());
    }

    /** Closes the upstream connection pool. */
    public Future<Void> close() {
        return engine.close();
    }
}
