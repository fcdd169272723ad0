package io.dataworkspace.proxy.forward.internal;

import io.dataworkspace.proxy.forward.FastLane;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The fast path of a client connection: sits in front of Vert.x's HTTP decoder, reads each request head from the
 * raw bytes ({@link RequestHead}) and, when the {@link FastLane} gives a target, forwards the request itself
 * ({@link FastExchange}: request head and response head as bytes, bodies passed through) — Vert.x never sees it.
 * Every other request (sign-in, pages, spawns, refusals, a session not in the cache) is passed to Vert.x's decoder
 * untouched, and the next request is read only once Vert.x has written the end of its response (seen by
 * {@link ResponseEnd}, after the encoder). Anything unusual — upgrades, {@code Transfer-Encoding}, {@code Expect},
 * HTTP/1.0, malformed or oversized heads — hands the connection to Vert.x for good and this handler leaves the
 * pipeline. One instance per connection, on its event loop.
 */
final class FastPathHandler extends ChannelDuplexHandler {

    static final String NAME = "dataworkspaceFastPath";
    static final String WATCH_NAME = "dataworkspaceResponseEnd";
    /** Bytes a client may send ahead (pipelining) while a request is being answered, before the connection closes. */
    private static final int MAX_HELD_BYTES = 1024 * 1024;

    private static final int PARSING = 0;
    /** A request of ours is in flight; its body bytes go to the exchange. */
    private static final int FAST = 1;
    /** A request is being passed to Vert.x ({@link #passRemaining} bytes still to pass). */
    private static final int HANDED = 2;
    /** Passed in full; Vert.x's response has not ended yet. */
    private static final int WAITING = 3;
    /** The rest of a body the tool answered without reading, dropped. */
    private static final int DISCARD = 4;
    private static final int CLOSED = 5;

    private final FastLane lane;
    private final ForwardEngine engine;
    private final int maxLineBytes;
    private final int maxHeaderBytes;
    private final RequestHead head = new RequestHead();
    private final LaneRequest laneRequest = new LaneRequest();
    private ChannelHandlerContext ctx;
    private ByteBuf held;
    private int state = PARSING;
    private long passRemaining;
    private boolean vertxAnswered;
    private FastExchange exchange;
    private long bodyRemaining;
    private String scheme;
    private String peerAddress;
    /** Whether bytes went to Vert.x's decoder since the last read completed (else it need not hear of it). */
    private boolean passedToVertx;

    FastPathHandler(FastLane lane, ForwardEngine engine, int maxLineBytes, int maxHeaderBytes) {
        this.lane = lane;
        this.engine = engine;
        this.maxLineBytes = maxLineBytes;
        this.maxHeaderBytes = maxHeaderBytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        scheme = ctx.pipeline().get(SslHandler.class) != null ? "https" : "http";
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (state == CLOSED) {
            in.release(); // the connection is closing (after a hand-over this handler is no longer called)
            return;
        }
        held = held == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), held, in);
        process();
    }

    /** Moves through the held bytes as far as the current state allows. */
    private void process() {
        while (held != null) {
            switch (state) {
                case PARSING -> {
                    if (!held.isReadable()) {
                        releaseHeld();
                        return;
                    }
                    if (!startRequest()) {
                        return;
                    }
                }
                case HANDED -> {
                    int n = (int) Math.min(passRemaining, held.readableBytes());
                    if (n > 0) {
                        passRemaining -= n;
                        passedToVertx = true;
                        ctx.fireChannelRead(held.readRetainedSlice(n));
                    }
                    if (passRemaining > 0) {
                        releaseIfEmpty();
                        return;
                    }
                    state = vertxAnswered ? PARSING : WAITING;
                }
                case FAST -> {
                    feedBody();
                    return;
                }
                case DISCARD -> {
                    int n = (int) Math.min(bodyRemaining, held.readableBytes());
                    held.skipBytes(n);
                    bodyRemaining -= n;
                    if (bodyRemaining > 0) {
                        releaseIfEmpty();
                        return;
                    }
                    state = PARSING;
                }
                default -> { // WAITING: the next request waits for Vert.x's response to end
                    if (held.readableBytes() > MAX_HELD_BYTES) {
                        close();
                    }
                    return;
                }
            }
        }
    }

    /** @return whether the request was taken (fast) or passed on; false when more bytes are needed */
    private boolean startRequest() {
        int start = held.readerIndex();
        int lineEnd = held.indexOf(start, Math.min(held.writerIndex(), start + maxLineBytes + 2), (byte) '\n');
        int end = lineEnd < 0 ? -1 : RequestHead.end(held);
        if (end < 0) {
            if (lineEnd < 0 ? held.readableBytes() > maxLineBytes + 1 : held.readableBytes() > maxLineBytes
                    + maxHeaderBytes) {
                handOverConnection(); // beyond the limits: the server answers 414 or 431
            }
            return false;
        }
        int headLength = end - start;
        if (headLength - (lineEnd - start) > maxHeaderBytes || !head.parse(held, end)) {
            handOverConnection();
            return false;
        }
        FastLane.Target target = internalPath() ? null : lane.target(laneRequest);
        if (target == null) {
            state = HANDED;
            vertxAnswered = false;
            passRemaining = headLength + head.contentLength;
            return true;
        }
        held.readerIndex(end);
        bodyRemaining = head.contentLength;
        state = FAST;
        if (peerAddress == null) {
            SocketAddress remote = ctx.channel().remoteAddress();
            peerAddress = remote instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : "unknown";
        }
        exchange = new FastExchange(engine, this, head, target, lane);
        exchange.start(ctx.channel().eventLoop());
        return true;
    }

    /** The proxy's own paths ({@code /__dw/...}: sign-in handoff, spawn progress) are always the full handler's. */
    private boolean internalPath() {
        CharSequence path = head.uri;
        return path.length() >= 6 && path.charAt(1) == '_' && path.charAt(2) == '_' && path.charAt(3) == 'd'
                && path.charAt(4) == 'w' && path.charAt(5) == '/';
    }

    /** From here on Vert.x reads this connection directly: held bytes go to its decoder, this handler leaves. */
    private void handOverConnection() {
        ByteBuf rest = held;
        held = null;
        state = CLOSED;
        ctx.pipeline().remove(WATCH_NAME);
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(rest);
    }

    // ---------------------------------------------------------------- request body of a fast exchange

    /** Gives the exchange the body bytes it can take now; holds the rest (and stops reading) otherwise. */
    void feedBody() {
        if (held == null || state != FAST) {
            return;
        }
        while (bodyRemaining > 0 && held.isReadable() && exchange.acceptsBody()) {
            int n = (int) Math.min(bodyRemaining, held.readableBytes());
            bodyRemaining -= n;
            exchange.clientBody(held.readRetainedSlice(n), bodyRemaining == 0);
        }
        if (held.isReadable()) {
            // the upstream is not ready, or a pipelined request waits for this response
            ctx.channel().config().setAutoRead(false);
            if (held.readableBytes() > MAX_HELD_BYTES) {
                close();
            }
        } else {
            releaseHeld();
            ctx.channel().config().setAutoRead(true);
        }
    }

    long bodyRemaining() {
        return bodyRemaining;
    }

    /**
     * The exchange wrote the end of its response (or an error page). The connection reads its next request, unless
     * {@code close}.
     */
    void exchangeDone(boolean close) {
        exchange = null;
        if (close || state == CLOSED) {
            close();
            return;
        }
        state = bodyRemaining > 0 ? DISCARD : PARSING;
        ctx.channel().config().setAutoRead(true);
        process();
    }

    // ---------------------------------------------------------------- writes to the client

    void write(ByteBuf data) {
        ctx.write(data, ctx.voidPromise());
    }

    void writeAndFlush(ByteBuf data) {
        ctx.writeAndFlush(data, ctx.voidPromise());
    }

    void flush() {
        ctx.flush();
    }

    io.netty.buffer.ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    boolean clientWritable() {
        return ctx.channel().isWritable();
    }

    String scheme() {
        return scheme;
    }

    String peerAddress() {
        return peerAddress;
    }

    /** Flushes what was written, then closes the client connection. */
    void close() {
        state = CLOSED;
        releaseHeld();
        ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Vert.x flushes and manages its reads here: only when it received something (or may be answering)
        if (passedToVertx || state == HANDED || state == WAITING || state == CLOSED) {
            passedToVertx = false;
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        FastExchange e = exchange;
        if (e != null) {
            e.clientWritabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state = CLOSED;
        releaseHeld();
        FastExchange e = exchange;
        exchange = null;
        if (e != null) {
            e.clientClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseHeld();
    }

    /** Vert.x wrote the end of a response: the next request may be read once the current one was passed in full. */
    void vertxResponseEnded() {
        if (state == HANDED) {
            vertxAnswered = true;
        } else if (state == WAITING) {
            state = PARSING;
            // not from inside Vert.x's write: the next request may go back to Vert.x
            ctx.executor().execute(this::process);
        }
    }

    private void releaseIfEmpty() {
        if (held != null && !held.isReadable()) {
            releaseHeld();
        }
    }

    private void releaseHeld() {
        if (held != null) {
            held.release();
            held = null;
        }
    }

    /** The request head as the lane sees it. */
    private final class LaneRequest implements FastLane.Request {
        private Object memo;

        @Override
        public Object memo() {
            return memo;
        }

        @Override
        public void memo(Object value) {
            memo = value;
        }

        @Override
        public CharSequence host() {
            return head.host;
        }

        @Override
        public CharSequence path() {
            return head.path();
        }

        @Override
        public CharSequence cookies() {
            return head.cookie;
        }
    }

    /** Watches Vert.x's outbound messages (before encoding) for the end of each response. */
    static final class ResponseEnd extends io.netty.channel.ChannelOutboundHandlerAdapter {
        private final FastPathHandler front;

        ResponseEnd(FastPathHandler front) {
            this.front = front;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            boolean last = msg instanceof LastHttpContent;
            ctx.write(msg, promise);
            if (last) {
                front.vertxResponseEnded();
            }
        }
    }
}
