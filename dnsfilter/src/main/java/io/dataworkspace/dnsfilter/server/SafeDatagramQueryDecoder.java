package io.dataworkspace.dnsfilter.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;

import java.util.List;

/**
 * Netty's query decoder, made total: a datagram it cannot decode becomes a {@link MalformedQuery} (when it has a
 * query header: FORMERR is sent) or is dropped (shorter than a header, or a response: never answer those, it
 * would make us a reflector). Nothing a client sends raises an exception past this handler.
 */
final class SafeDatagramQueryDecoder extends DatagramDnsQueryDecoder {

    SafeDatagramQueryDecoder() {
        super(new QueryRecordDecoder());
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, DatagramPacket packet, List<Object> out) {
        ByteBuf buf = packet.content();
        int start = buf.readerIndex();
        int length = buf.readableBytes();
        if (length < 12) {
            return;
        }
        int id = buf.getUnsignedShort(start);
        int flags = buf.getUnsignedShort(start + 2);
        if ((flags & 0x8000) != 0) {
            return;
        }
        int before = out.size();
        try {
            super.decode(ctx, packet, out);
        } catch (Exception | StackOverflowError e) {
            for (int i = out.size() - 1; i >= before; i--) {
                io.netty.util.ReferenceCountUtil.release(out.remove(i));
            }
            out.add(new MalformedQuery(packet.sender(), id, flags));
        }
    }
}
