package io.dataworkspace.proxy.forward.internal;

import io.dataworkspace.proxy.forward.Upstream;
import io.dataworkspace.proxy.forward.UpstreamFailure;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tool side of one forwarded HTTP request over our own upstream client, shared by the two client sides
 * ({@link DirectHttpExchange} behind Vert.x's server, {@link FastExchange} on the raw connection): a keep-alive
 * connection of the event loop from the {@link UpstreamPool}, the response read by {@link ResponseReader}, the
 * connection returned to the pool when it can carry another exchange, one retry of an idempotent bodyless request on
 * a kept-alive connection the tool had just closed, and the response timeout. What the client sees is the
 * subclass's. Runs entirely on one event loop.
 */
abstract class UpstreamExchange implements UpstreamPool.Callback, UpstreamConnection.Exchange, ResponseReader.Sink {

    private static final Logger log = LoggerFactory.getLogger(UpstreamExchange.class);

    final ForwardEngine engine;
    final Upstream upstream;
    final long startNanos = System.nanoTime();
    final boolean hasBody;
    final boolean headRequest;
    EventLoop loop;
    UpstreamConnection connection;
    Channel channel;
    boolean requestEnded;
    boolean responded;
    boolean finished;
    boolean retried;

    UpstreamExchange(ForwardEngine engine, Upstream upstream, boolean hasBody, boolean headRequest) {
        this.engine = engine;
        this.upstream = upstream;
        this.hasBody = hasBody;
        this.headRequest = headRequest;
        this.requestEnded = !hasBody;
    }

    /** The upstream side failed: the subclass answers the client (error page, or a cut connection). */
    abstract void fail(UpstreamFailure failure, Throwable cause);

    /** Whether the request may be sent twice (GET, HEAD, OPTIONS). */
    abstract boolean idempotent();

    /** The response was relayed in full; the upstream connection is already back in the pool or closed. */
    abstract void responseRelayed();

    /** The tool closed its connection to end a response body that had no length: the client's response ends. */
    abstract void endedByClose();

    @Override
    public void notAcquired(Throwable cause) {
        fail(cause instanceof java.util.concurrent.TimeoutException ? UpstreamFailure.CONNECT_TIMEOUT
                : Failures.classify(cause, false), cause);
    }

    @Override
    public void upstreamRead(ByteBuf data) {
        ResponseReader reader = connection.reader;
        ByteBuf in = reader.withPartial(data);
        try {
            reader.read(in, this);
            if (reader.complete() && !finished) {
                finished = true; // the sink ended the response
            }
            if (reader.complete() && connection != null) {
                done(in.isReadable());
            }
        } catch (ResponseReader.MalformedResponseException e) {
            fail(UpstreamFailure.UPSTREAM_RESET, e);
        } finally {
            in.release();
        }
    }

    private void done(boolean extraBytes) {
        UpstreamConnection c = connection;
        connection = null;
        Channel ch = channel;
        channel = null;
        ch.config().setAutoRead(true);
        if (!extraBytes && requestEnded && !c.reader.untilClose() && !c.reader.closeRequested() && ch.isActive()) {
            c.slot.release(c);
        } else {
            c.detach();
            ch.close();
        }
        responseRelayed();
    }

    @Override
    public void upstreamClosed() {
        UpstreamConnection c = connection;
        connection = null;
        channel = null;
        if (finished) {
            return;
        }
        if (c != null && c.reader.headRead() && c.reader.untilClose()) {
            endedByClose();
            return;
        }
        if (!retryStale(c)) {
            fail(UpstreamFailure.UPSTREAM_RESET, null);
        }
    }

    @Override
    public void upstreamFailed(Throwable cause) {
        UpstreamConnection c = connection;
        connection = null;
        channel = null;
        if (finished || !(cause instanceof java.io.IOException) || !retryStale(c)) {
            fail(Failures.classify(cause, true), cause);
        }
    }

    /**
     * A kept-alive connection the tool closed (or reset) just as we reused it, before any answer: the request is
     * sent once more on a fresh connection when that is safe (idempotent, no body).
     */
    private boolean retryStale(UpstreamConnection c) {
        if (c == null || finished || responded || hasBody || retried || c.uses <= 1 || !idempotent()) {
            return false;
        }
        retried = true;
        log.debug("upstream {} closed a reused connection; retrying the request once", upstream);
        engine.pool.acquire(loop, upstream, this, true);
        return true;
    }

    @Override
    public void upstreamSilent(long silenceNanos) {
        if (silenceNanos >= engine.responseTimeoutNanos) {
            fail(UpstreamFailure.RESPONSE_TIMEOUT, null);
        }
    }

    boolean mayHaveBody(int status) {
        return status >= 200 && status != 204 && status != 304 && !headRequest;
    }

    void closeUpstream() {
        UpstreamConnection c = connection;
        connection = null;
        Channel ch = channel;
        channel = null;
        if (c != null) {
            c.detach();
            ch.close();
        }
    }
}
