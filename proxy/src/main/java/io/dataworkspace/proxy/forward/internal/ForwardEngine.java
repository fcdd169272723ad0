package io.dataworkspace.proxy.forward.internal;

import io.dataworkspace.proxy.forward.ActivityListener;
import io.dataworkspace.proxy.forward.FastLane;
import io.dataworkspace.proxy.forward.ForwardIdentity;
import io.dataworkspace.proxy.forward.ForwardListener;
import io.dataworkspace.proxy.forward.ForwardOptions;
import io.dataworkspace.proxy.forward.Upstream;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.impl.HttpServerConnection;
import java.util.concurrent.TimeUnit;

/**
 * The shared, immutable part of forwarding: the upstream HTTP client with its keep-alive pool, header rules,
 * error pages and listener. Each request gets a small {@link HttpExchange} or {@link WebSocketTunnel}.
 */
public final class ForwardEngine {

    /** Body chunks up to this size are passed on as one buffer (fewer, larger writes for downloads). */
    static final int MAX_CHUNK_SIZE = 64 * 1024;

    /** Our own HTTP/1.1 client for plain requests: per-event-loop keep-alive connections. */
    final UpstreamPool pool;
    /** The Vert.x client, kept for comparison runs ({@code -Ddataworkspace.forward.client=vertx}). */
    final HttpClient client;
    private final boolean direct;
    final ForwardListener listener;
    final RequestHeaderWriter requestHeaders;
    final ResponseHeaderWriter responseHeaders;
    final ErrorPages errorPages = new ErrorPages();
    final long connectTimeoutMillis;
    final long responseTimeoutMillis;
    /** A silence this long before the response head, ended by a close, was the idle timeout (timer slack: 5%). */
    final long responseTimeoutNanos;
    final long webSocketIdleMillis;

    public ForwardEngine(Vertx vertx, ForwardOptions options, ForwardListener listener) {
        this.listener = listener;
        this.requestHeaders = new RequestHeaderWriter(options);
        this.responseHeaders = new ResponseHeaderWriter(options.defaultResponseHeaders());
        this.connectTimeoutMillis = options.connectTimeout().toMillis();
        this.responseTimeoutMillis = options.responseTimeout().toMillis();
        this.responseTimeoutNanos = options.responseTimeout().toNanos() / 20 * 19;
        this.webSocketIdleMillis = options.webSocketIdleTimeout().toMillis();
        HttpClientOptions http = new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                .setKeepAliveTimeout((int) Math.max(1, options.upstreamKeepAlive().toSeconds()))
                .setPipelining(false)
                .setDecompressionSupported(false)
                .setTcpNoDelay(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis))
                // The per-request idle timeout (RequestOptions) stops at the response head; this one covers a body that
                // stalls midway. WebSocket tunnels replace it with their own.
                .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, responseTimeoutMillis))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxChunkSize(MAX_CHUNK_SIZE)
                .setMaxHeaderSize(64 * 1024)
                .setMaxInitialLineLength(16 * 1024)
                .setMaxRedirects(0)
                .setName("dataworkspace-forward");
        PoolOptions pool = new PoolOptions()
                .setHttp1MaxSize(options.maxConnectionsPerUpstream())
                .setMaxWaitQueueSize(-1);
        this.client = vertx.httpClientBuilder().with(http).with(pool).build();
        this.pool = new UpstreamPool((io.vertx.core.internal.VertxInternal) vertx, connectTimeoutMillis,
                options.upstreamKeepAlive().toNanos(), responseTimeoutMillis, options.maxConnectionsPerUpstream());
        this.direct = !"vertx".equals(System.getProperty("dataworkspace.forward.client"));
    }

    public void forward(HttpServerRequest request, Upstream upstream, ForwardIdentity identity,
            ActivityListener activity) {
        String te = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        if (te != null && !te.trim().equalsIgnoreCase("chunked")) {
            // Normally refused by the strict decoder; kept so the forwarder is safe behind any server setup.
            request.response().setStatusCode(400).putHeader(HttpHeaders.CONNECTION, "close")
                    .end("400 Bad Request: unsupported Transfer-Encoding\n")
                    .onComplete(ar -> request.connection().close());
            return;
        }
        if (isWebSocketUpgrade(request)) {
            new WebSocketTunnel(this, request, upstream, identity, activity).start();
        } else if (direct) {
            new DirectHttpExchange(this, request, upstream, identity, activity).start();
        } else {
            new HttpExchange(this, request, upstream, identity, activity).start();
        }
    }

    /** See {@link io.dataworkspace.proxy.forward.Forwarder#installFastPath}. */
    public boolean installFastPath(HttpConnection connection, FastLane lane, int maxLineBytes, int maxHeaderBytes) {
        if (!direct || !(connection instanceof HttpServerConnection server)) {
            return false;
        }
        ChannelPipeline pipeline = server.channelHandlerContext().pipeline();
        if (pipeline.get("httpDecoder") == null || pipeline.get("httpEncoder") == null) {
            return false;
        }
        // the connection's idle timeout must see the fast path's bytes too: it moves in front of it
        ChannelHandler idle = pipeline.get("idle");
        if (idle instanceof IdleStateHandler vertxIdle) {
            pipeline.remove(idle);
            long millis = vertxIdle.getAllIdleTimeInMillis();
            if (millis > 0) {
                pipeline.addBefore("httpDecoder", "idle", new IdleTimeout(millis));
            }
        }
        FastPathHandler front = new FastPathHandler(lane, this, maxLineBytes, maxHeaderBytes);
        pipeline.addBefore("httpDecoder", FastPathHandler.NAME, front);
        pipeline.addAfter("httpEncoder", FastPathHandler.WATCH_NAME, new FastPathHandler.ResponseEnd(front));
        return true;
    }

    /**
     * The Vert.x client's request options. No per-request response timer (one timer set and cancelled per request is
     * measurable): the connection's idle timeout closes a silent upstream and {@link HttpExchange} recognises it.
     */
    RequestOptions requestOptions(HttpServerRequest request, Upstream upstream) {
        return new RequestOptions()
                .setMethod(request.method())
                .setHost(upstream.host())
                .setPort(upstream.port())
                .setURI(request.uri())
                .setFollowRedirects(false)
                .setConnectTimeout(connectTimeoutMillis);
    }

    static boolean isWebSocketUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket")
                && request.method() == io.vertx.core.http.HttpMethod.GET
                && request.version() == HttpVersion.HTTP_1_1;
    }

    public Future<Void> close() {
        return Future.join(client.close(), pool.close()).mapEmpty();
    }

    static long elapsed(long startNanos) {
        return System.nanoTime() - startNanos;
    }

    static long toMillis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
