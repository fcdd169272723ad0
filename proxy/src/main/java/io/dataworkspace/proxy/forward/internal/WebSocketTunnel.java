package io.dataworkspace.proxy.forward.internal;

import io.dataworkspace.proxy.forward.ActivityListener;
import io.dataworkspace.proxy.forward.ForwardIdentity;
import io.dataworkspace.proxy.forward.ForwardListener;
import io.dataworkspace.proxy.forward.Upstream;
import io.dataworkspace.proxy.forward.UpstreamFailure;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.CharsetUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.AsyncResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket upgrade, forwarded as a raw TCP tunnel once the upstream accepted it (as nginx does): the
 * handshake, subprotocol and extension negotiation happen between browser and tool, and every frame (data, ping,
 * pong, close, in both directions) passes through byte for byte, never decoded or re-masked.
 *
 * <p>The upstream side is a connection of its own (tunnels hold their connection for their whole life, so they do
 * not take from the keep-alive pool), opened on the client connection's event loop: the filtered request head is
 * written as one buffer and the answer read with {@link ResponseReader}. A {@code 101} is answered to the client
 * with Vert.x's {@code toNetSocket()}, then the two Netty channels are joined by a {@link Splice} (bytes the tool
 * sent right behind its {@code 101} go first). Any other answer is relayed as an ordinary HTTP response; connect
 * failures and timeouts before the answer become the 502/504 pages. Runs entirely on that one event loop.
 */
final class WebSocketTunnel extends ChannelInboundHandlerAdapter implements ResponseReader.Sink {

    private static final Logger log = LoggerFactory.getLogger(WebSocketTunnel.class);
    private static final byte[] UPGRADE_HEADERS = "Upgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
            .getBytes(CharsetUtil.US_ASCII);
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private enum State {
        /** connecting to the tool, or waiting for its answer */
        HANDSHAKE,
        /** the tool answered 101; waiting for the client's connection to become a raw socket */
        UPGRADING,
        /** the tool refused: its response is being relayed */
        REFUSED,
        /** the two channels are spliced */
        OPEN,
        /** failed, refused and relayed, or the client left */
        DONE
    }

    private final ForwardEngine engine;
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final Upstream upstream;
    private final ForwardIdentity identity;
    private final ActivityListener activity;
    private final long startNanos = System.nanoTime();
    private final ResponseReader reader = new ResponseReader();
    private State state = State.HANDSHAKE;
    private ContextInternal context;
    private Channel tool;
    private boolean connected;
    private ScheduledFuture<?> responseTimer;
    /** Bytes the tool sent behind its 101 before the splice was in place. */
    private ByteBuf early;

    WebSocketTunnel(ForwardEngine engine, HttpServerRequest request, Upstream upstream, ForwardIdentity identity,
            ActivityListener activity) {
        this.engine = engine;
        this.request = request;
        this.response = request.response();
        this.upstream = upstream;
        this.identity = identity;
        this.activity = activity;
    }

    void start() {
        activity.exchangeStarted(true);
        request.pause();
        context = request instanceof HttpServerRequestInternal internal ? internal.context()
                : ContextInternal.current();
        EventLoop loop = request.connection() instanceof ConnectionBase c ? c.channel().eventLoop()
                : context.nettyEventLoop();
        if (loop.inEventLoop()) {
            connect(loop);
        } else {
            loop.execute(() -> connect(loop));
        }
    }

    // ---------------------------------------------------------------- handshake with the tool

    private void connect(EventLoop loop) {
        response.closeHandler(v -> clientLeft());
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channelFactory(context.owner().transport().channelFactory(false))
                .resolver(context.owner().nameResolver().nettyAddressResolverGroup())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        engine.connectTimeoutMillis))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(this);
        ChannelFuture connecting = bootstrap.connect(upstream.host(), upstream.port());
        tool = connecting.channel();
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                fail(Failures.classify(f.cause(), false), f.cause());
            } else if (state != State.HANDSHAKE) {
                tool.close(); // the client left meanwhile
            } else {
                connected = true;
                sendHead();
            }
        });
    }

    private void sendHead() {
        ByteBuf head = tool.alloc().buffer(1024);
        engine.requestHeaders.encode(request, head, upstream, identity, false);
        head.writerIndex(head.writerIndex() - 2); // before the blank line: the upgrade's own hop-by-hop headers
        head.writeBytes(UPGRADE_HEADERS);
        tool.writeAndFlush(head, tool.voidPromise());
        responseTimer = tool.eventLoop().schedule(() -> fail(UpstreamFailure.RESPONSE_TIMEOUT,
                new TimeoutException("no answer within " + engine.responseTimeoutMillis + " ms")),
                engine.responseTimeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf data = (ByteBuf) msg;
        if (state == State.UPGRADING) {
            keepEarly(data);
            return;
        }
        if (state != State.HANDSHAKE && state != State.REFUSED) {
            data.release();
            return;
        }
        ByteBuf in = reader.withPartial(data);
        try {
            reader.read(in, this);
            if (state == State.UPGRADING) {
                if (in.isReadable()) {
                    keepEarly(in.readRetainedSlice(in.readableBytes()));
                }
                upgradeClient();
            }
        } catch (ResponseReader.MalformedResponseException e) {
            fail(UpstreamFailure.UPSTREAM_RESET, e);
        } finally {
            in.release();
        }
    }

    private void keepEarly(ByteBuf data) {
        if (early == null) {
            early = data;
        } else {
            ByteBuf joined = Unpooled.buffer(early.readableBytes() + data.readableBytes());
            joined.writeBytes(early).writeBytes(data);
            early.release();
            data.release();
            early = joined;
        }
    }

    @Override
    public boolean head(ResponseReader.Head head) {
        cancelResponseTimer();
        int status = head.status;
        engine.listener.upstreamResponded(upstream, status, ForwardEngine.elapsed(startNanos));
        boolean length;
        try {
            length = engine.responseHeaders.copy(head, response);
        } catch (IllegalArgumentException e) {
            fail(UpstreamFailure.UPSTREAM_RESET, e); // a header Vert.x refuses to send
            return false;
        }
        if (status == 101) {
            state = State.UPGRADING;
            tool.config().setAutoRead(false);
            response.headers().set(HttpHeaders.UPGRADE, "websocket").set(HttpHeaders.CONNECTION, "Upgrade");
            return true;
        }
        // refused (403, 404...): relayed as an ordinary response, and the connection is not reused
        state = State.REFUSED;
        if (!length && status >= 200 && status != 204 && status != 304) {
            response.setChunked(true);
        }
        request.resume();
        return true;
    }

    @Override
    public void body(ByteBuf data, boolean last) {
        if (state != State.REFUSED) {
            return; // the empty end of a 101
        }
        int n = data.readableBytes();
        if (n > 0) {
            activity.bytesToClient(n);
        }
        Buffer copy = n == 0 ? null : Buffer.buffer(ByteBufUtil.getBytes(data));
        if (last) {
            state = State.DONE;
            if (copy == null) {
                response.end();
            } else {
                response.end(copy);
            }
            tool.close();
            return;
        }
        if (copy != null) {
            response.write(copy);
            if (response.writeQueueFull()) {
                tool.config().setAutoRead(false);
                response.drainHandler(v -> tool.config().setAutoRead(true));
            }
        }
    }

    // ---------------------------------------------------------------- the client's side of the upgrade

    private void upgradeClient() {
        request.toNetSocket().onComplete(this::clientUpgraded);
    }

    private void clientUpgraded(AsyncResult<NetSocket> ar) {
        if (state != State.UPGRADING) {
            releaseEarly();
            return;
        }
        if (ar.failed() || !(ar.result() instanceof ConnectionBase socket)) {
            state = State.DONE;
            releaseEarly();
            tool.close();
            if (ar.failed()) {
                log.debug("client left during the WebSocket handshake with {}: {}", upstream, ar.cause().toString());
            } else {
                log.warn("cannot splice a WebSocket to {}: unexpected Vert.x socket {}", upstream,
                        ar.result().getClass());
                request.connection().close();
            }
            return;
        }
        Channel client = socket.channel();
        ByteBuf first = early;
        early = null;
        if (!tool.isActive() || !client.isActive()) {
            // one side left during the upgrade: what the tool sent behind its 101 still goes out, then both close
            state = State.DONE;
            tool.close();
            if (first != null && client.isActive()) {
                client.writeAndFlush(first).addListener(ChannelFutureListener.CLOSE);
            } else {
                if (first != null) {
                    first.release();
                }
                client.close();
            }
            return;
        }
        state = State.OPEN;
        response.closeHandler(null);
        tool.pipeline().remove(this);
        reader.releasePartial();
        ForwardListener listener = engine.listener;
        Upstream to = upstream;
        listener.webSocketOpened(to);
        // the splice keeps no reference to this object: an open tunnel costs two handlers and two counters
        Splice.join(client, tool, first, activity, engine.webSocketIdleMillis, () -> listener.webSocketClosed(to));
    }

    private void releaseEarly() {
        if (early != null) {
            early.release();
            early = null;
        }
    }

    // ---------------------------------------------------------------- failures

    private void clientLeft() {
        if (state == State.HANDSHAKE || state == State.REFUSED) {
            state = State.DONE;
            cancelResponseTimer();
            if (tool != null) {
                tool.close();
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        reader.releasePartial();
        if (state == State.REFUSED && reader.untilClose()) {
            state = State.DONE;
            response.end(); // a body delimited by the connection's close
        } else if (state == State.HANDSHAKE || state == State.REFUSED) {
            fail(UpstreamFailure.UPSTREAM_RESET, null);
        }
        // UPGRADING: clientUpgraded finds the channel closed, sends the early bytes and closes the client
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.HANDSHAKE || state == State.REFUSED) {
            fail(Failures.classify(cause, true), cause);
        } else {
            log.debug("WebSocket upstream {} failed during the upgrade: {}", upstream, cause.toString());
            ctx.close();
        }
    }

    private void cancelResponseTimer() {
        if (responseTimer != null) {
            responseTimer.cancel(false);
            responseTimer = null;
        }
    }

    /** Error page if nothing was sent yet, else the client connection is cut. */
    private void fail(UpstreamFailure failure, Throwable cause) {
        if (state != State.HANDSHAKE && state != State.REFUSED) {
            return;
        }
        state = State.DONE;
        cancelResponseTimer();
        if (tool != null) {
            tool.close();
        }
        boolean started = response.headWritten();
        long elapsed = ForwardEngine.elapsed(startNanos);
        engine.listener.upstreamFailed(upstream, failure, started, elapsed);
        log.debug("WebSocket upstream {} failed after {} ms{}: {} ({})", upstream, ForwardEngine.toMillis(elapsed),
                connected ? "" : " (connecting)", failure, cause == null ? "closed" : cause.toString());
        request.resume();
        if (started || response.ended() || response.closed()) {
            request.connection().close();
        } else {
            engine.errorPages.send(request, failure, true);
        }
    }
}
