package io.dataworkspace.dnsfilter.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;

/**
 * Hands decoded UDP queries to the engine and writes the replies, each at once. When the socket cannot take more,
 * replies are dropped rather than queued without bound.
 */
final class UdpQueryHandler extends ChannelInboundHandlerAdapter implements Responder {

    private static final Logger LOG = LoggerFactory.getLogger(UdpQueryHandler.class);

    private final QueryEngine engine;
    private final ResponseWriter writer;
    private final QueryObserver observer;
    private ChannelHandlerContext ctx;
    private long dropped;

    UdpQueryHandler(QueryEngine engine, ResponseWriter writer, QueryObserver observer) {
        this.engine = engine;
        this.writer = writer;
        this.observer = observer;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long start = System.nanoTime();
        try {
            if (msg instanceof DatagramDnsQuery dq) {
                Query q;
                try {
                    q = Query.of(dq, dq.sender(), false);
                } catch (RuntimeException e) {
                    q = null;
                }
                if (q == null) {
                    formErr(dq.sender(), dq.id(), dq.isRecursionDesired() ? 0x0100 : 0, start);
                } else {
                    engine.handle(q, start, this);
                }
            } else if (msg instanceof MalformedQuery m) {
                formErr(m.sender(), m.id(), m.flags(), start);
            }
        } catch (RuntimeException e) {
            LOG.warn("query handling failed: {}", e.toString());
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void send(Query q, Reply r) {
        ByteBuf buf;
        try {
            buf = writer.encode(q, r, ctx.alloc());
        } catch (RuntimeException e) {
            buf = ResponseWriter.formErr(q.id(), q.recursionDesired() ? 0x0100 : 0, ctx.alloc());
        }
        write(new DatagramPacket(buf, q.client()));
    }

    private void formErr(InetSocketAddress to, int id, int flags, long start) {
        write(new DatagramPacket(ResponseWriter.formErr(id, flags, ctx.alloc()), to));
        observer.finished(Verdict.FORMERR, System.nanoTime() - start);
    }

    private void write(DatagramPacket packet) {
        if (!ctx.channel().isWritable()) {
            packet.release();
            if ((dropped++ & 1023) == 0) {
                LOG.warn("UDP socket full: dropped {} replies so far", dropped);
            }
            return;
        }
        // NIO sends one datagram per syscall whatever the batching, so a reply goes out at once: holding it to the
        // end of the read batch only adds latency
        ctx.writeAndFlush(packet, ctx.voidPromise());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("UDP channel error: {}", cause.toString());
    }
}
