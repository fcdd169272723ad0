package io.dataworkspace.proxy.forward.internal;

import io.dataworkspace.proxy.forward.ActivityListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.SocketChannelConfig;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open WebSocket tunnel as two Netty channels joined directly (as nginx splices the two sockets after the
 * {@code 101}): one small inbound handler per channel writes every {@link ByteBuf} it reads to the other channel as
 * it is (no copy, no Vert.x buffer, no promise) and flushes once per read batch. Backpressure: a side stops reading
 * ({@code autoRead} off) while the other channel is not writable and resumes when it drains. A close on one side
 * closes the other once what was read from the first is flushed; a half-close (FIN) is passed on as a half-close.
 * The tunnel is closed after {@code idle} without a byte either way. Frames are counted per direction with a
 * {@link FrameCounter} and reported, with the bytes, to the activity listener once per read batch.
 *
 * <p>Both channels must live on the same event loop: every method runs on it, so nothing here is synchronised.
 * Writes and closes start at the splice handlers' own contexts, so Vert.x's connection handler (after the splice
 * handler in the client's pipeline) takes no part in them; it still sees the channel become inactive.
 */
final class Splice {

    /** Name of the splice handler in both pipelines. */
    static final String HANDLER = "dw-websocket-splice";
    /** Vert.x's name for its connection handler, the last of a server connection's pipeline. */
    private static final String VERTX_HANDLER = "handler";
    /** Vert.x's name for its idle handler (the HTTP idle timeout), replaced by the tunnel's own. */
    private static final String VERTX_IDLE = "idle";

    private static final Logger log = LoggerFactory.getLogger(Splice.class);

    private final Side fromClient;
    private final Side fromTool;
    private final long idleNanos;
    private final Runnable onClosed;
    private long lastActivityNanos = System.nanoTime();
    private ScheduledFuture<?> idleTimer;
    private boolean closed;

    private Splice(ActivityListener activity, long idleMillis, Runnable onClosed) {
        this.fromClient = new Side(this, activity, true);
        this.fromTool = new Side(this, activity, false);
        fromClient.peer = fromTool;
        fromTool.peer = fromClient;
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
        this.onClosed = onClosed;
    }

    /**
     * Joins {@code client} (a Vert.x server connection whose HTTP handlers {@code toNetSocket()} removed) and
     * {@code tool}, both active, on the current event loop: installs the two handlers (before Vert.x's connection
     * handler, which then sees no byte), replaces the client connection's HTTP idle timeout by {@code idleMillis}
     * (0 = none), writes {@code early} (bytes the tool sent right after its {@code 101}, may be null) to the client
     * and starts reading both.
     *
     * @param onClosed run once, when the tunnel closed
     */
    static Splice join(Channel client, Channel tool, ByteBuf early, ActivityListener activity, long idleMillis,
            Runnable onClosed) {
        Splice splice = new Splice(activity, idleMillis, onClosed);
        ChannelPipeline clientPipeline = client.pipeline();
        if (clientPipeline.get(VERTX_IDLE) != null) {
            clientPipeline.remove(VERTX_IDLE);
        }
        if (clientPipeline.get(VERTX_HANDLER) != null) {
            clientPipeline.addBefore(VERTX_HANDLER, HANDLER, splice.fromClient);
        } else {
            clientPipeline.addLast(HANDLER, splice.fromClient);
        }
        tool.pipeline().addLast(HANDLER, splice.fromTool);
        allowHalfClosure(client.config());
        allowHalfClosure(tool.config());
        if (early != null) {
            splice.fromTool.relay(early);
            splice.fromTool.flushPeer();
        }
        splice.scheduleIdleCheck(splice.idleNanos);
        client.config().setAutoRead(true);
        tool.config().setAutoRead(true);
        return splice;
    }

    private static void allowHalfClosure(ChannelConfig config) {
        if (config instanceof SocketChannelConfig socket) {
            socket.setAllowHalfClosure(true);
        }
    }

    private void scheduleIdleCheck(long delayNanos) {
        if (idleNanos > 0 && !closed) {
            idleTimer = fromClient.ctx.executor().schedule(this::idleCheck, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void idleCheck() {
        if (closed) {
            return;
        }
        long quiet = System.nanoTime() - lastActivityNanos;
        if (quiet >= idleNanos) {
            log.debug("closing a WebSocket tunnel quiet for {} ms", TimeUnit.NANOSECONDS.toMillis(quiet));
            fromClient.ctx.close();
            fromTool.ctx.close();
        } else {
            scheduleIdleCheck(idleNanos - quiet);
        }
    }

    /** {@code side}'s channel closed: the other one is closed once what it still has to send is flushed. */
    private void closedBy(Side side) {
        ChannelHandlerContext other = side.peer.ctx;
        if (other.channel().isActive()) {
            other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> other.close());
        }
        if (!closed) {
            closed = true;
            if (idleTimer != null) {
                idleTimer.cancel(false);
            }
            onClosed.run();
        }
    }

    /**
     * {@code side}'s peer sent FIN: the other channel's output is shut down once flushed, or, when that channel had
     * already finished sending too, it is closed (and with it the whole tunnel).
     */
    private void inputShutdown(Side side) {
        side.inputShut = true;
        ChannelHandlerContext other = side.peer.ctx;
        other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (!f.isSuccess() || side.peer.inputShut || !(other.channel() instanceof DuplexChannel duplex)) {
                other.close();
            } else {
                duplex.shutdownOutput();
            }
        });
    }

    /** One direction: reads its channel, writes to the peer's. */
    private static final class Side extends ChannelInboundHandlerAdapter {
        private final Splice splice;
        private final ActivityListener activity;
        private final boolean fromClient;
        private final FrameCounter frames = new FrameCounter();
        private Side peer;
        private ChannelHandlerContext ctx;
        private boolean wrote;
        private boolean inputShut;
        private long bytes;

        Side(Splice splice, ActivityListener activity, boolean fromClient) {
            this.splice = splice;
            this.activity = activity;
            this.fromClient = fromClient;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf data) {
                relay(data);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        /** Passes {@code data} on (unflushed), counting it; stops reading while the peer's channel is full. */
        void relay(ByteBuf data) {
            int n = data.readableBytes();
            if (n == 0) {
                data.release();
                return;
            }
            bytes += n;
            frames.scan(data);
            ChannelHandlerContext out = peer.ctx;
            out.write(data, out.voidPromise());
            wrote = true;
            if (!out.channel().isWritable()) {
                flushPeer(); // may drain at once (and report writable before autoRead is off): check again after
                if (!out.channel().isWritable()) {
                    ctx.channel().config().setAutoRead(false); // resumed by the peer's channelWritabilityChanged
                }
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            splice.lastActivityNanos = System.nanoTime();
            flushPeer();
        }

        /** Flushes what this side wrote to its peer and reports it to the activity listener. */
        void flushPeer() {
            if (wrote) {
                wrote = false;
                peer.ctx.flush();
            }
            if (bytes != 0) {
                if (fromClient) {
                    activity.bytesToUpstream(bytes);
                } else {
                    activity.bytesToClient(bytes);
                }
                bytes = 0;
                int data = frames.takeData();
                int control = frames.takeControl();
                if ((data | control) != 0) {
                    activity.webSocketFrames(fromClient, data, control);
                }
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            // this channel is what the peer writes to: let the peer read again once it drained
            if (ctx.channel().isWritable() && !peer.inputShut) {
                peer.ctx.channel().config().setAutoRead(true);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            splice.closedBy(this);
            ctx.fireChannelInactive(); // Vert.x's connection handler, after this one, does its bookkeeping
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                flushPeer();
                splice.inputShutdown(this);
            } else if (!(evt instanceof IdleStateEvent)) {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("WebSocket tunnel, {} side: {}", fromClient ? "client" : "tool", cause.toString());
            ctx.close();
        }
    }
}
