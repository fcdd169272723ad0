package io.dataworkspace.proxy.forward.internal;

import io.dataworkspace.proxy.forward.ActivityListener;
import io.dataworkspace.proxy.forward.ForwardIdentity;
import io.dataworkspace.proxy.forward.Upstream;
import io.dataworkspace.proxy.forward.UpstreamFailure;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One forwarded HTTP request behind Vert.x's HTTP server, over our own upstream client ({@link UpstreamExchange}):
 * the filtered request head written as one buffer, the request body streamed up, the response head copied into
 * Vert.x's response and the body bytes relayed as they arrive (no upstream header map, no message objects, no copy
 * for large bodies), with backpressure both ways. Failures become a 502/504 page before the response started, a
 * closed client connection after. Runs entirely on the request's event loop.
 */
final class DirectHttpExchange extends UpstreamExchange {

    private static final Logger log = LoggerFactory.getLogger(DirectHttpExchange.class);
    /** Bodies up to this size are copied into a heap buffer (cheaper than tracking a pooled buffer's release). */
    private static final int COPY_BELOW = 16 * 1024;

    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final ForwardIdentity identity;
    private final ActivityListener activity;
    private final boolean chunkedUp;
    private long requestSentNanos;
    private boolean waitingForUpstream;
    private Handler<Void> drain;

    DirectHttpExchange(ForwardEngine engine, HttpServerRequest request, Upstream upstream, ForwardIdentity identity,
            ActivityListener activity) {
        super(engine, upstream, hasBody(request.headers()), request.method() == HttpMethod.HEAD);
        this.request = request;
        this.response = request.response();
        this.identity = identity;
        this.activity = activity;
        this.chunkedUp = request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
    }

    private static boolean hasBody(MultiMap headers) {
        if (headers.contains(HttpHeaders.TRANSFER_ENCODING)) {
            return true;
        }
        String length = headers.get(HttpHeaders.CONTENT_LENGTH);
        return length != null && !length.equals("0");
    }

    void start() {
        activity.exchangeStarted(false);
        if (hasBody) {
            request.pause();
        } else {
            requestEnded = true;
            request.resume();
        }
        ContextInternal context = request instanceof HttpServerRequestInternal internal ? internal.context()
                : ContextInternal.current();
        loop = context.nettyEventLoop();
        if (!loop.inEventLoop()) {
            context.runOnContext(v -> engine.pool.acquire(loop, upstream, this, false));
            return;
        }
        engine.pool.acquire(loop, upstream, this, false);
    }

    // ---------------------------------------------------------------- connection

    @Override
    public void acquired(UpstreamConnection c) {
        if (finished || response.closed()) {
            finished = true;
            c.slot.release(c);
            return;
        }
        connection = c;
        channel = c.channel;
        c.attach(this);
        c.reader.reset(headRequest);
        ByteBuf head = channel.alloc().buffer(1024);
        engine.requestHeaders.encode(request, head, upstream, identity, chunkedUp);
        channel.writeAndFlush(head, channel.voidPromise());
        if (retried) {
            return; // a retry resends a bodyless request: nothing else to set up
        }
        response.closeHandler(v -> clientClosed());
        if (!hasBody) {
            requestSentNanos = System.nanoTime();
            return;
        }
        String expect = request.getHeader(HttpHeaders.EXPECT);
        if (expect != null && expect.equalsIgnoreCase("100-continue")) {
            response.writeContinue();
        }
        request.handler(this::clientData);
        request.endHandler(v -> clientEnded());
        request.exceptionHandler(this::clientFailed);
        request.resume();
    }

    // ---------------------------------------------------------------- request body, client → tool

    private void clientData(Buffer buffer) {
        if (finished || channel == null) {
            return;
        }
        int n = buffer.length();
        activity.bytesToUpstream(n);
        connection.lastActivityNanos = System.nanoTime();
        ByteBuf data = ((BufferInternal) buffer).getByteBuf();
        if (chunkedUp) {
            if (n == 0) {
                return;
            }
            ByteBuf size = channel.alloc().buffer(12);
            size.writeCharSequence(Integer.toHexString(n), io.netty.util.CharsetUtil.US_ASCII);
            size.writeShort(CRLF);
            channel.write(size, channel.voidPromise());
            channel.write(data, channel.voidPromise());
            ByteBuf crlf = channel.alloc().buffer(2);
            crlf.writeShort(CRLF);
            channel.writeAndFlush(crlf, channel.voidPromise());
        } else {
            channel.writeAndFlush(data, channel.voidPromise());
        }
        if (!channel.isWritable()) {
            waitingForUpstream = true;
            request.pause();
        }
    }

    @Override
    public void upstreamWritable() {
        if (waitingForUpstream) {
            waitingForUpstream = false;
            request.resume();
        }
    }

    private void clientEnded() {
        requestEnded = true;
        requestSentNanos = System.nanoTime();
        if (finished || channel == null) {
            return;
        }
        if (chunkedUp) {
            ByteBuf last = channel.alloc().buffer(5);
            last.writeByte('0').writeShort(CRLF).writeShort(CRLF);
            channel.writeAndFlush(last, channel.voidPromise());
        }
    }

    private void clientFailed(Throwable cause) {
        log.debug("client request to {} failed: {}", upstream, cause.toString());
        clientClosed();
        request.connection().close();
    }

    /** The client went away before the response completed: the upstream connection is closed, not reused. */
    private void clientClosed() {
        if (finished) {
            return;
        }
        finished = true;
        closeUpstream();
    }

    // ---------------------------------------------------------------- response, tool → client

    @Override
    public boolean head(ResponseReader.Head head) {
        if (finished) {
            return false;
        }
        int status = head.status;
        if (status == 101) {
            fail(UpstreamFailure.UPSTREAM_RESET, new IllegalStateException("101 to a request without Upgrade"));
            return false;
        }
        responded = true;
        engine.listener.upstreamResponded(upstream, status, ForwardEngine.elapsed(startNanos));
        boolean length;
        try {
            length = engine.responseHeaders.copy(head, response);
        } catch (IllegalArgumentException e) {
            fail(UpstreamFailure.UPSTREAM_RESET, e); // a header Vert.x refuses to send
            return false;
        }
        if (!length && mayHaveBody(status)) {
            response.setChunked(true);
        }
        return true;
    }

    @Override
    public void body(ByteBuf data, boolean last) {
        if (finished) {
            return;
        }
        int n = data.readableBytes();
        if (n > 0) {
            activity.bytesToClient(n);
        }
        if (last) {
            finished = true;
            if (n == 0) {
                response.end();
            } else if (n < COPY_BELOW) {
                response.end(copy(data));
            } else {
                ByteBuf kept = data.retainedSlice();
                try {
                    response.end(BufferInternal.buffer(kept)).onComplete(ar -> kept.release());
                } catch (IllegalStateException e) {
                    kept.release(); // the client connection is gone
                }
            }
            return;
        }
        if (n == 0) {
            return;
        }
        if (n < COPY_BELOW) {
            response.write(copy(data));
        } else {
            // large bodies: the pooled buffer read from the tool is written to the client as it is (no copy) and
            // released once written
            ByteBuf kept = data.retainedSlice();
            try {
                response.write(BufferInternal.buffer(kept)).onComplete(ar -> kept.release());
            } catch (IllegalStateException e) {
                kept.release();
                fail(UpstreamFailure.UPSTREAM_RESET, e);
                return;
            }
        }
        if (response.writeQueueFull()) {
            channel.config().setAutoRead(false);
            if (drain == null) {
                drain = v -> {
                    if (channel != null) {
                        channel.config().setAutoRead(true);
                    }
                };
            }
            response.drainHandler(drain);
        }
    }

    private static Buffer copy(ByteBuf data) {
        byte[] bytes = new byte[data.readableBytes()];
        data.getBytes(data.readerIndex(), bytes);
        return Buffer.buffer(bytes);
    }

    @Override
    void responseRelayed() {
        if (!requestEnded) {
            request.resume(); // let the server read (and drop) the rest of a body the tool did not wait for
        }
    }

    @Override
    void endedByClose() {
        finished = true;
        response.end(); // a body delimited by the connection's close
    }

    @Override
    boolean idempotent() {
        HttpMethod m = request.method();
        return m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS;
    }

    /** The upstream side failed: error page if nothing was sent yet, else cut the client connection. */
    @Override
    void fail(UpstreamFailure failure, Throwable cause) {
        if (finished) {
            closeUpstream();
            return;
        }
        finished = true;
        closeUpstream();
        boolean started = response.headWritten();
        long elapsed = ForwardEngine.elapsed(startNanos);
        engine.listener.upstreamFailed(upstream, failure, started, elapsed);
        log.debug("upstream {} failed after {} ms: {} ({})", upstream, ForwardEngine.toMillis(elapsed), failure,
                cause == null ? "closed" : cause.toString());
        if (started || response.ended() || response.closed()) {
            request.connection().close();
        } else {
            engine.errorPages.send(request, failure, hasBody && !requestEnded);
        }
    }

    private static final int CRLF = ('\r' << 8) | '\n';
}
