package io.dataworkspace.proxy.forward.internal;

import io.dataworkspace.proxy.forward.Upstream;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * One keep-alive HTTP/1.1 connection to a tool, the last handler of its Netty pipeline. It hands the bytes it reads
 * to the exchange it currently serves ({@link Exchange}), or closes itself when it receives bytes or silence while
 * idle in the pool. Lives on one event loop; never touched from another thread.
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter {

    /** What a connection reports to the exchange using it. */
    interface Exchange {
        void upstreamRead(ByteBuf data);

        void upstreamClosed();

        void upstreamFailed(Throwable cause);

        /** No byte either way for {@code silenceNanos} while this exchange held the connection. */
        void upstreamSilent(long silenceNanos);

        void upstreamWritable();
    }

    final Upstream upstream;
    final UpstreamPool.Slot slot;
    final ResponseReader reader = new ResponseReader();
    Channel channel;
    private Exchange exchange;
    /** When the connection last carried a byte (read or write), for idle and response timeouts. */
    long lastActivityNanos = System.nanoTime();
    /** Number of exchanges served, for deciding whether a failure may be a stale keep-alive connection. */
    int uses;

    UpstreamConnection(Upstream upstream, UpstreamPool.Slot slot) {
        this.upstream = upstream;
        this.slot = slot;
    }

    void attach(Exchange e) {
        exchange = e;
        uses++;
        lastActivityNanos = System.nanoTime();
    }

    void detach() {
        exchange = null;
        lastActivityNanos = System.nanoTime();
    }

    boolean idle() {
        return exchange == null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastActivityNanos = System.nanoTime();
        ByteBuf data = (ByteBuf) msg;
        Exchange e = exchange;
        if (e == null) {
            data.release(); // bytes nobody asked for: the connection is no longer in a known state
            ctx.close();
            return;
        }
        e.upstreamRead(data);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        slot.closed(this);
        Exchange e = exchange;
        exchange = null;
        if (e != null) {
            e.upstreamClosed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Exchange e = exchange;
        exchange = null;
        if (e != null) {
            e.upstreamFailed(cause);
        }
        ctx.close();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange e = exchange;
        if (e != null && ctx.channel().isWritable()) {
            e.upstreamWritable();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof IdleStateEvent)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        long silence = System.nanoTime() - lastActivityNanos;
        Exchange e = exchange;
        if (e != null) {
            e.upstreamSilent(silence);
        } else if (silence >= slot.pool.keepAliveNanos) {
            ctx.close();
        }
    }
}
