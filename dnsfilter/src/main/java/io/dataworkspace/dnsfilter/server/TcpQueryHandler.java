package io.dataworkspace.dnsfilter.server;

import io.dataworkspace.dnsfilter.resolve.EncodedRecords;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.dns.DnsQuery;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;

/**
 * One TCP connection: queries decoded by Netty's {@code TcpDnsQueryDecoder}, replies framed with their length.
 * Closes on idle timeout and on malformed frames; stops reading while the client does not read its replies.
 */
final class TcpQueryHandler extends ChannelInboundHandlerAdapter implements Responder {

    private static final Logger LOG = LoggerFactory.getLogger(TcpQueryHandler.class);

    private final QueryEngine engine;
    private final ResponseWriter writer;
    private final QueryObserver observer;
    private ChannelHandlerContext ctx;

    TcpQueryHandler(QueryEngine engine, ResponseWriter writer, QueryObserver observer) {
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
            if (msg instanceof DnsQuery dq) {
                Query q = Query.of(dq, (InetSocketAddress) ctx.channel().remoteAddress(), true);
                if (q == null) {
                    frame(ResponseWriter.formErr(dq.id(), dq.isRecursionDesired() ? 0x0100 : 0, ctx.alloc()));
                    observer.counted(Verdict.FORMERR);
                    observer.latency(System.nanoTime() - start, 1);
                } else {
                    engine.handle(q, start, this);
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("TCP query handling failed: {}", e.toString());
            ctx.close();
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void send(Query q, int rcode, EncodedRecords records, long age, boolean authoritative, long start) {
        if (!ctx.channel().isActive()) {
            return;
        }
        ByteBuf body;
        try {
            body = writer.encode(q, rcode, records, age, authoritative, ctx.alloc());
        } catch (RuntimeException e) {
            body = ResponseWriter.formErr(q.id(), q.recursionDesired() ? 0x0100 : 0, ctx.alloc());
        }
        frame(body);
        observer.latency(System.nanoTime() - start, 1);
    }

    private void frame(ByteBuf body) {
        ByteBuf len = ctx.alloc().ioBuffer(2).writeShort(body.readableBytes());
        CompositeByteBuf framed = ctx.alloc().compositeBuffer(2).addComponents(true, len, body);
        ctx.writeAndFlush(framed, ctx.voidPromise());
        if (!ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("closing TCP connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
