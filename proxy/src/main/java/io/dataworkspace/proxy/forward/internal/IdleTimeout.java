package io.dataworkspace.proxy.forward.internal;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An idle timeout: when no byte was read and no write was issued for the timeout, fires
 * {@link IdleStateEvent#ALL_IDLE_STATE_EVENT} down the pipeline, again after every further timeout of silence. In
 * front of the fast path on a client connection Vert.x then closes the connection (as with its own handler); on an
 * upstream connection it is the {@link UpstreamConnection}'s tick for its response and keep-alive timeouts. Unlike Netty's {@code IdleStateHandler}, which this replaces, it adds no
 * listener to every write: it notes the time a write is issued, so a client that stops reading still times out
 * once nothing new is written. One timer per connection, re-armed only when it fires.
 */
final class IdleTimeout extends ChannelDuplexHandler {

    private final long timeoutNanos;
    private long lastActivityNanos;
    private ScheduledFuture<?> timer;

    IdleTimeout(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        lastActivityNanos = System.nanoTime();
        if (ctx.channel().isActive()) {
            arm(ctx, timeoutNanos);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (timer == null) {
            arm(ctx, timeoutNanos);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastActivityNanos = System.nanoTime();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        lastActivityNanos = System.nanoTime();
        ctx.write(msg, promise);
    }

    private void arm(ChannelHandlerContext ctx, long delayNanos) {
        timer = ctx.executor().schedule(() -> check(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        if (!ctx.channel().isOpen()) {
            return;
        }
        long left = timeoutNanos - (System.nanoTime() - lastActivityNanos);
        if (left > 0) {
            arm(ctx, left);
            return;
        }
        arm(ctx, timeoutNanos);
        ctx.fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
