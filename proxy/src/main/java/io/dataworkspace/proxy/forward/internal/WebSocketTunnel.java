package io.dataworkspace.proxy.forward.internal;

import io.dataworkspace.proxy.forward.ActivityListener;
import io.dataworkspace.proxy.forward.ForwardIdentity;
import io.dataworkspace.proxy.forward.Upstream;
import io.dataworkspace.proxy.forward.UpstreamFailure;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.AsyncResult;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket upgrade, forwarded as a raw TCP tunnel once the upstream accepted it (as nginx does): the
 * handshake, subprotocol and extension negotiation happen between browser and tool, and every frame (data, ping,
 * pong, close, in both directions) passes through byte for byte, with backpressure, never decoded or re-masked.
 * A {@link FrameCounter} per direction reports frames to the activity listener. If the upstream refuses the
 * upgrade, its response is relayed as an ordinary HTTP response.
 */
final class WebSocketTunnel {

    private static final Logger log = LoggerFactory.getLogger(WebSocketTunnel.class);

    private final ForwardEngine engine;
    private final HttpServerRequest request;
    private final Upstream upstream;
    private final ForwardIdentity identity;
    private final ActivityListener activity;
    private final long startNanos = System.nanoTime();
    private HttpClientRequest upstreamRequest;
    private boolean failed;
    private boolean open;
    private boolean closed;

    WebSocketTunnel(ForwardEngine engine, HttpServerRequest request, Upstream upstream, ForwardIdentity identity,
            ActivityListener activity) {
        this.engine = engine;
        this.request = request;
        this.upstream = upstream;
        this.identity = identity;
        this.activity = activity;
    }

    void start() {
        activity.exchangeStarted(true);
        request.pause();
        engine.upgradeClient.request(engine.requestOptions(request, upstream, true)).onComplete(this::onRequest);
    }

    private void onRequest(AsyncResult<HttpClientRequest> ar) {
        if (ar.failed()) {
            fail(ar.cause());
            return;
        }
        HttpClientRequest up = ar.result();
        upstreamRequest = up;
        if (request.response().closed()) {
            up.reset();
            return;
        }
        engine.requestHeaders.write(request, up.headers(), identity, true);
        up.exceptionHandler(this::fail); // also receives the connection's close once the tunnel ends: ignored then
        up.connect().onComplete(this::onResponse);
    }

    private void onResponse(AsyncResult<HttpClientResponse> ar) {
        if (ar.failed()) {
            fail(ar.cause());
            return;
        }
        HttpClientResponse upstreamResponse = ar.result();
        int status = upstreamResponse.statusCode();
        engine.listener.upstreamResponded(upstream, status, ForwardEngine.elapsed(startNanos));
        HttpServerResponse response = request.response();
        if (status != 101) {
            relayRefusal(upstreamResponse, response);
            return;
        }
        NetSocket upstreamSocket = upstreamResponse.netSocket();
        upstreamSocket.pause();
        response.setStatusCode(101);
        engine.responseHeaders.write(upstreamResponse.headers(), response.headers());
        response.headers().set(HttpHeaders.UPGRADE, "websocket").set(HttpHeaders.CONNECTION, "Upgrade");
        request.toNetSocket().onComplete(so -> {
            if (so.failed()) {
                log.debug("client left during the WebSocket handshake with {}: {}", upstream, so.cause().toString());
                upstreamSocket.close();
                return;
            }
            join(so.result(), upstreamSocket);
        });
    }

    private void join(NetSocket client, NetSocket tool) {
        open = true;
        engine.listener.webSocketOpened(upstream);
        setIdleTimeout(client);
        setIdleTimeout(upstreamRequest.connection()); // the tool side is a view on the pooled HTTP connection
        new Pump(client, tool, activity, true, new FrameCounter()).start();
        new Pump(tool, client, activity, false, new FrameCounter()).start();
        client.closeHandler(v -> {
            tool.close();
            closed();
        });
        tool.closeHandler(v -> {
            client.close();
            closed();
        });
        client.exceptionHandler(t -> log.debug("WebSocket client side of {} failed: {}", upstream, t.toString()));
        tool.exceptionHandler(t -> log.debug("WebSocket tool side of {} failed: {}", upstream, t.toString()));
        client.resume();
        tool.resume();
    }

    private void closed() {
        if (!closed) {
            closed = true;
            engine.listener.webSocketClosed(upstream);
        }
    }

    /**
     * Replaces the HTTP idle timeout of a connection (a Vert.x internal {@code ConnectionBase}, whose Netty pipeline
     * Vert.x names "idle" and "handler") (meant for slow clients and stuck requests) by the tunnel's: a quiet WebSocket
     * (an open notebook nobody types in) is normal and must survive much longer.
     */
    private void setIdleTimeout(Object socket) {
        if (!(socket instanceof ConnectionBase)) {
            log.warn("cannot set the WebSocket idle timeout on {}: unexpected Vert.x internals", socket.getClass());
            return;
        }
        ChannelPipeline pipeline = ((ConnectionBase) socket).channelHandlerContext().pipeline();
        if (pipeline.get("idle") != null) {
            pipeline.remove("idle");
        }
        if (engine.webSocketIdleMillis > 0 && pipeline.get("handler") != null) {
            pipeline.addBefore("handler", "idle",
                    new IdleStateHandler(0, 0, engine.webSocketIdleMillis, TimeUnit.MILLISECONDS));
        }
    }

    /** The upstream answered the upgrade with an ordinary response (403, 404...): pass it on as such. */
    private void relayRefusal(HttpClientResponse upstreamResponse, HttpServerResponse response) {
        response.setStatusCode(upstreamResponse.statusCode());
        engine.responseHeaders.write(upstreamResponse.headers(), response.headers());
        if (!response.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            response.setChunked(true);
        }
        upstreamResponse.exceptionHandler(this::fail);
        upstreamResponse.endHandler(v -> response.end());
        new Pump(upstreamResponse, response, activity, false, null).start();
        request.resume();
    }

    private void fail(Throwable cause) {
        if (failed || open) {
            return;
        }
        failed = true;
        UpstreamFailure failure = Failures.classify(cause, upstreamRequest != null);
        HttpServerResponse response = request.response();
        boolean started = response.headWritten();
        long elapsed = ForwardEngine.elapsed(startNanos);
        engine.listener.upstreamFailed(upstream, failure, started, elapsed);
        log.debug("WebSocket upstream {} failed after {} ms: {} ({})", upstream, ForwardEngine.toMillis(elapsed),
                failure, cause.toString());
        if (upstreamRequest != null) {
            upstreamRequest.reset();
        }
        request.resume();
        if (started || response.ended() || response.closed()) {
            request.connection().close();
        } else {
            engine.errorPages.send(request, failure, true);
        }
    }
}
