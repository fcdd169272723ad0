package io.dataworkspace.dnsfilter.server;

import io.dataworkspace.dnsfilter.resolve.EncodedRecords;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;

/**
 * Reads UDP queries straight from the datagrams ({@link QueryParser}), hands them to the engine and writes the
 * replies. Replies made while a batch of datagrams is being read are flushed together at the end of the batch (one
 * {@code sendmmsg} on the epoll transport); a reply made later (an upstream answer) is flushed at once. When the
 * socket cannot take more, replies are dropped rather than queued without bound.
 */
final class UdpQueryHandler extends ChannelInboundHandlerAdapter implements Responder {

    private static final Logger LOG = LoggerFactory.getLogger(UdpQueryHandler.class);

    private final QueryEngine engine;
    private final ResponseWriter writer;
    private final QueryObserver observer;
    private final QueryParser parser = new QueryParser();
    private ChannelHandlerContext ctx;
    /** True between the first datagram of a read batch and its {@code channelReadComplete}. */
    private boolean reading;
    private long batchStart;
    /** Replies of the current batch written but not yet flushed (their latency is taken at the flush). */
    private int batchReplies;
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
        if (!reading) {
            // the datagrams of one batch arrived before it was read: they share its start time (one clock read)
            batchStart = System.nanoTime();
            reading = true;
        }
        long start = batchStart;
        try {
            if (msg instanceof DatagramPacket packet) {
                ParseResult parsed = parser.parse(packet.content(), packet.sender());
                if (parsed instanceof Query q) {
                    engine.handle(q, start, this);
                } else if (parsed instanceof MalformedQuery m) {
                    formErr(m.sender(), m.id(), m.flags(), start);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("query handling failed: {}", e.toString());
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reading = false;
        ctx.flush();
        if (batchReplies > 0) {
            observer.latency(System.nanoTime() - batchStart, batchReplies);   // one clock read for the batch
            batchReplies = 0;
        }
    }

    @Override
    public void send(Query q, int rcode, EncodedRecords records, long age, boolean authoritative, long start) {
        ByteBuf buf;
        try {
            buf = writer.encode(q, rcode, records, age, authoritative, ctx.alloc());
        } catch (RuntimeException e) {
            buf = ResponseWriter.formErr(q.id(), q.recursionDesired() ? 0x0100 : 0, ctx.alloc());
        }
        write(new DatagramPacket(buf, q.client()));
        timed(start);
    }

    private void timed(long start) {
        if (reading && start == batchStart) {
            batchReplies++;
        } else {
            observer.latency(System.nanoTime() - start, 1);   // a reply made later: an upstream answer
        }
    }

    private void formErr(InetSocketAddress to, int id, int flags, long start) {
        write(new DatagramPacket(ResponseWriter.formErr(id, flags, ctx.alloc()), to));
        observer.counted(Verdict.FORMERR);
        timed(start);
    }

    private void write(DatagramPacket packet) {
        if (!ctx.channel().isWritable()) {
            packet.release();
            if ((dropped++ & 1023) == 0) {
                LOG.warn("UDP socket full: dropped {} replies so far", dropped);
            }
            return;
        }
        if (reading) {
            ctx.write(packet, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(packet, ctx.voidPromise());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("UDP channel error: {}", cause.toString());
    }
}
