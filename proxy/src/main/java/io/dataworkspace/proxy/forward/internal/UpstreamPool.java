package io.dataworkspace.proxy.forward.internal;

import io.dataworkspace.proxy.forward.Upstream;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keep-alive connections to tools, one stack of idle connections per event loop and upstream: an exchange takes the
 * most recently used connection of its own event loop (no locks, no cross-thread hand-off, warm caches) or opens a
 * new one on that loop. At most {@code maxPerUpstream} connections per upstream and event loop; beyond that,
 * exchanges wait (bounded by the connect timeout) for one to come back.
 */
final class UpstreamPool {

    /** Called on the event loop with a connection ready for one exchange, or the reason there is none. */
    interface Callback {
        void acquired(UpstreamConnection connection);

        /** @param cause a connect failure, or a {@link TimeoutException} when no pooled connection freed up */
        void notAcquired(Throwable cause);
    }

    final long keepAliveNanos;
    private final VertxInternal vertx;
    private final int connectTimeoutMillis;
    private final long idleCheckMillis;
    private final int maxPerUpstream;
    private final ChannelGroup all = new DefaultChannelGroup("dataworkspace-upstreams", GlobalEventExecutor.INSTANCE);
    private final FastThreadLocal<Slots> slots = new FastThreadLocal<>() {
        @Override
        protected Slots initialValue() {
            return new Slots();
        }
    };

    UpstreamPool(VertxInternal vertx, long connectTimeoutMillis, long keepAliveNanos, long responseTimeoutMillis,
            int maxPerUpstream) {
        this.vertx = vertx;
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis);
        this.keepAliveNanos = keepAliveNanos;
        this.idleCheckMillis = Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(keepAliveNanos),
                responseTimeoutMillis) / 2);
        this.maxPerUpstream = maxPerUpstream;
    }

    /**
     * Gets a connection to {@code upstream} on {@code loop}, the current thread's event loop.
     *
     * @param fresh true to open a new connection rather than reuse an idle one (a retry after a stale one)
     */
    void acquire(EventLoop loop, Upstream upstream, Callback callback, boolean fresh) {
        slots.get().of(this, loop, upstream).acquire(callback, fresh);
    }

    /** One event loop's slots by upstream; the last one used is found without hashing (the same route's object). */
    private static final class Slots {
        private final Map<Upstream, Slot> byUpstream = new HashMap<>();
        private Upstream last;
        private Slot lastSlot;

        Slot of(UpstreamPool pool, EventLoop loop, Upstream upstream) {
            if (upstream == last) {
                return lastSlot;
            }
            Slot slot = byUpstream.get(upstream);
            if (slot == null) {
                slot = new Slot(pool, loop, upstream);
                byUpstream.put(upstream, slot);
            }
            last = upstream;
            lastSlot = slot;
            return slot;
        }
    }

    Future<Void> close() {
        Promise<Void> done = Promise.promise();
        all.close().addListener(f -> done.complete());
        return done.future();
    }

    /** The connections of one upstream on one event loop. */
    static final class Slot {
        final UpstreamPool pool;
        private final EventLoop loop;
        private final Upstream upstream;
        private final ArrayDeque<UpstreamConnection> idle = new ArrayDeque<>();
        private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
        private int open;

        Slot(UpstreamPool pool, EventLoop loop, Upstream upstream) {
            this.pool = pool;
            this.loop = loop;
            this.upstream = upstream;
        }

        void acquire(Callback callback, boolean fresh) {
            UpstreamConnection c;
            long now = System.nanoTime();
            while (!fresh && (c = idle.pollFirst()) != null) {
                if (c.channel.isActive() && now - c.lastActivityNanos < pool.keepAliveNanos) {
                    callback.acquired(c);
                    return;
                }
                c.channel.close();
            }
            if (open < pool.maxPerUpstream) {
                connect(callback);
                return;
            }
            Waiter waiter = new Waiter(callback);
            waiters.add(waiter);
            waiter.timer = loop.schedule(() -> {
                if (waiters.remove(waiter)) {
                    callback.notAcquired(new TimeoutException("no connection to " + upstream + " freed up within "
                            + pool.connectTimeoutMillis + " ms"));
                }
            }, pool.connectTimeoutMillis, TimeUnit.MILLISECONDS);
        }

        /** The exchange is done with {@code c}, which may carry another one. */
        void release(UpstreamConnection c) {
            c.detach();
            if (!c.channel.isActive()) {
                return;
            }
            Waiter waiter = waiters.pollFirst();
            if (waiter != null) {
                waiter.timer.cancel(false);
                waiter.callback.acquired(c);
                return;
            }
            idle.addFirst(c);
            // the oldest idle connections are at the end: drop those past the keep-alive time
            long now = System.nanoTime();
            UpstreamConnection oldest;
            while ((oldest = idle.peekLast()) != null && now - oldest.lastActivityNanos >= pool.keepAliveNanos) {
                idle.pollLast();
                oldest.channel.close();
            }
        }

        /** {@code c}'s channel closed (called once per connection, from its channelInactive). */
        void closed(UpstreamConnection c) {
            open--;
            idle.remove(c);
            Waiter waiter = waiters.pollFirst();
            if (waiter != null) {
                waiter.timer.cancel(false);
                connect(waiter.callback);
            }
        }

        private void connect(Callback callback) {
            open++;
            UpstreamConnection c = new UpstreamConnection(upstream, this);
            Bootstrap bootstrap = new Bootstrap()
                    .group(loop)
                    .channelFactory(pool.vertx.transport().channelFactory(false))
                    .resolver(pool.vertx.nameResolver().nettyAddressResolverGroup())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, pool.connectTimeoutMillis)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new IdleTimeout(pool.idleCheckMillis), c);
                        }
                    });
            ChannelFuture connecting = bootstrap.connect(upstream.host(), upstream.port());
            c.channel = connecting.channel();
            connecting.addListener(f -> {
                if (f.isSuccess()) {
                    pool.all.add(c.channel);
                    callback.acquired(c);
                } else {
                    open--; // channelInactive is not called for a channel that never became active
                    callback.notAcquired(f.cause());
                }
            });
        }
    }

    private static final class Waiter {
        final Callback callback;
        ScheduledFuture<?> timer;

        Waiter(Callback callback) {
            this.callback = callback;
        }
    }
}
