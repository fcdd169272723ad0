package io.dataworkspace.proxy.forward.internal;

import io.dataworkspace.proxy.forward.ActivityListener;
import io.dataworkspace.proxy.forward.FastLane;
import io.dataworkspace.proxy.forward.UpstreamFailure;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import io.netty.util.CharsetUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request forwarded by the fast path ({@link FastPathHandler}): the same upstream client as
 * {@link DirectHttpExchange} (a keep-alive connection of this event loop, request head as one buffer, response head
 * read by {@link ResponseReader}), but the client side is the raw connection too: the response head is written as
 * bytes and the body's buffers are passed on as read, re-chunked when the tool's response has no length. Failures
 * before the response started become the same 502/504 answers as on the full path; after, the client connection is
 * closed. Runs entirely on the connection's event loop.
 */
final class FastExchange extends UpstreamExchange implements FastLane.Done {

    private static final Logger log = LoggerFactory.getLogger(FastExchange.class);
    /** Status logged for a request whose client went away before its response ended (as nginx does). */
    private static final int CLIENT_CLOSED = 499;
    /** A first body piece up to this size is copied behind the response head: one buffer, one write. */
    private static final int COALESCE_BELOW = 8 * 1024;

    private final FastPathHandler client;
    private final RequestHead request;
    private final FastLane.Target target;
    private final FastLane lane;
    private final ActivityListener activity;
    private final String requestId;
    private boolean headWritten;
    private boolean chunkedToClient;
    private boolean waitingForUpstream;
    private int status;
    private long bytesToClient;
    private long nanos;
    /** The response head, written with (or just before) the first body bytes. */
    private ByteBuf pendingHead;

    FastExchange(ForwardEngine engine, FastPathHandler client, RequestHead request, FastLane.Target target,
            FastLane lane) {
        super(engine, target.upstream(), request.contentLength > 0, request.method == RequestHead.HEAD_METHOD);
        this.client = client;
        this.request = request;
        this.target = target;
        this.lane = lane;
        this.activity = target.activity();
        this.requestId = lane.requestId(request.header(REQUEST_ID));
    }

    void start(EventLoop eventLoop) {
        loop = eventLoop;
        activity.exchangeStarted(false);
        engine.pool.acquire(loop, upstream, this, false);
    }

    // ---------------------------------------------------------------- connection

    @Override
    public void acquired(UpstreamConnection c) {
        if (finished) {
            c.slot.release(c);
            return;
        }
        connection = c;
        channel = c.channel;
        c.attach(this);
        c.reader.reset(headRequest);
        ByteBuf head = channel.alloc().buffer(1024);
        engine.requestHeaders.encode(request, head, upstream, target.identity(), client.peerAddress(),
                client.scheme());
        channel.writeAndFlush(head, channel.voidPromise());
        if (hasBody && !retried) {
            client.feedBody();
        }
    }

    // ---------------------------------------------------------------- request body, client → tool

    /** Whether body bytes can be written to the tool now. */
    boolean acceptsBody() {
        return channel != null && !waitingForUpstream && !finished;
    }

    void clientBody(ByteBuf data, boolean last) {
        int n = data.readableBytes();
        activity.bytesToUpstream(n);
        connection.lastActivityNanos = System.nanoTime();
        channel.writeAndFlush(data, channel.voidPromise());
        if (last) {
            requestEnded = true;
        }
        if (!channel.isWritable()) {
            waitingForUpstream = true;
        }
    }

    @Override
    public void upstreamWritable() {
        if (waitingForUpstream) {
            waitingForUpstream = false;
            client.feedBody();
        }
    }

    /** The client connection closed before the response ended: the upstream connection is closed, not reused. */
    void clientClosed() {
        if (finished) {
            return;
        }
        finished = true;
        status = CLIENT_CLOSED;
        releasePendingHead();
        closeUpstream();
        report();
    }

    void clientWritabilityChanged(boolean writable) {
        if (channel != null) {
            channel.config().setAutoRead(writable);
        }
    }

    // ---------------------------------------------------------------- response, tool → client

    @Override
    public boolean head(ResponseReader.Head head) {
        if (finished) {
            return false;
        }
        status = head.status;
        if (status == 101) {
            fail(UpstreamFailure.UPSTREAM_RESET, new IllegalStateException("101 to a request without Upgrade"));
            return false;
        }
        responded = true;
        engine.listener.upstreamResponded(upstream, status, ForwardEngine.elapsed(startNanos));
        ByteBuf out = channel.alloc().buffer(512);
        out.writeBytes(HTTP_1_1);
        out.writeByte('0' + status / 100).writeByte('0' + status / 10 % 10).writeByte('0' + status % 10);
        out.writeByte(' ');
        AsciiString reason = head.reason;
        out.writeCharSequence(reason.length() > 0 ? reason : HttpResponseStatus.valueOf(status).reasonPhrase(),
                CharsetUtil.ISO_8859_1);
        out.writeShort(HeaderSink.CRLF);
        boolean length = engine.responseHeaders.encode(head, out);
        HeaderSink.write(out, REQUEST_ID, requestId);
        if (!length && mayHaveBody(status)) {
            chunkedToClient = true;
            HeaderSink.write(out, TRANSFER_ENCODING, CHUNKED);
        }
        if (request.close) {
            HeaderSink.write(out, CONNECTION, CLOSE);
        }
        out.writeShort(HeaderSink.CRLF);
        pendingHead = out;
        headWritten = true;
        return true;
    }

    @Override
    public void body(ByteBuf data, boolean last) {
        if (finished) {
            return;
        }
        int n = data.readableBytes();
        ByteBuf head = pendingHead;
        if (head != null) {
            pendingHead = null;
            if (!chunkedToClient && n > 0 && n < COALESCE_BELOW) {
                head.writeBytes(data, data.readerIndex(), n);
                activity.bytesToClient(n);
                bytesToClient += n;
                n = 0;
            }
            client.write(head);
        }
        if (n > 0) {
            activity.bytesToClient(n);
            bytesToClient += n;
            if (chunkedToClient) {
                ByteBuf size = client.alloc().buffer(12);
                size.writeCharSequence(Integer.toHexString(n), CharsetUtil.US_ASCII);
                size.writeShort(HeaderSink.CRLF);
                client.write(size);
                client.write(data.retainedSlice());
                client.write(client.alloc().buffer(2).writeShort(HeaderSink.CRLF));
            } else {
                client.write(data.retainedSlice());
            }
        }
        if (last) {
            finished = true;
            if (chunkedToClient) {
                client.write(client.alloc().buffer(5).writeByte('0').writeShort(HeaderSink.CRLF)
                        .writeShort(HeaderSink.CRLF));
            }
        }
        client.flush();
        if (!last && !client.clientWritable()) {
            channel.config().setAutoRead(false); // resumed by clientWritabilityChanged
        }
    }

    @Override
    void responseRelayed() {
        report();
        client.exchangeDone(request.close);
    }

    @Override
    void endedByClose() {
        body(io.netty.buffer.Unpooled.EMPTY_BUFFER, true); // a body delimited by the connection's close
        report();
        client.exchangeDone(request.close);
    }

    @Override
    boolean idempotent() {
        AsciiString m = request.method;
        return m.contentEquals("GET") || m.contentEquals("HEAD") || m.contentEquals("OPTIONS");
    }

    /** The upstream side failed: the error answer if nothing was sent yet, else the client connection is cut. */
    @Override
    void fail(UpstreamFailure failure, Throwable cause) {
        if (finished) {
            closeUpstream();
            return;
        }
        finished = true;
        closeUpstream();
        long elapsed = ForwardEngine.elapsed(startNanos);
        engine.listener.upstreamFailed(upstream, failure, headWritten, elapsed);
        log.debug("upstream {} failed after {} ms: {} ({})", upstream, ForwardEngine.toMillis(elapsed), failure,
                cause == null ? "closed" : cause.toString());
        if (headWritten) {
            releasePendingHead();
            report();
            client.close();
            return;
        }
        status = failure.status();
        boolean close = request.close || (hasBody && !requestEnded);
        ByteBuf page = engine.errorPages.encode(client.alloc(), failure, ErrorPages.isNavigation(request), close,
                requestId);
        bytesToClient = page.readableBytes();
        client.writeAndFlush(page);
        report();
        client.exchangeDone(close);
    }

    private void releasePendingHead() {
        if (pendingHead != null) {
            pendingHead.release();
            pendingHead = null;
        }
    }

    private void report() {
        nanos = ForwardEngine.elapsed(startNanos);
        lane.finished(target, this);
    }

    // ---------------------------------------------------------------- FastLane.Done

    @Override
    public CharSequence method() {
        return request.method;
    }

    @Override
    public CharSequence host() {
        return request.host;
    }

    @Override
    public CharSequence path() {
        return request.path();
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public long bytesToClient() {
        return bytesToClient;
    }

    @Override
    public long nanos() {
        return nanos;
    }

    @Override
    public String requestId() {
        return requestId;
    }

    @Override
    public String clientAddress() {
        return client.peerAddress();
    }

    private static final byte[] HTTP_1_1 = "HTTP/1.1 ".getBytes(CharsetUtil.US_ASCII);
    private static final AsciiString REQUEST_ID = AsciiString.cached("X-Request-Id");
    private static final AsciiString TRANSFER_ENCODING = AsciiString.cached("Transfer-Encoding");
    private static final AsciiString CHUNKED = AsciiString.cached("chunked");
    private static final AsciiString CONNECTION = AsciiString.cached("Connection");
    private static final AsciiString CLOSE = AsciiString.cached("close");
}
