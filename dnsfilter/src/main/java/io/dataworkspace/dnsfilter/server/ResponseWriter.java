package io.dataworkspace.dnsfilter.server;

import io.dataworkspace.dnsfilter.resolve.EncodedRecords;
import io.dataworkspace.dnsfilter.resolve.WireNames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Encodes replies: header, the client's question echoed, the records (encoded once per answer, names
 * uncompressed), an EDNS0 OPT record when the client sent one. A UDP reply larger than the client can take is
 * replaced by a truncated one (TC set, no records) so the client retries over TCP: the size is known before
 * anything is written. Confined to the DNS event loop (it keeps a scratch buffer).
 */
final class ResponseWriter {

    private static final int HEADER = 12;
    private static final int OPT_TYPE = 41;

    private final int ednsUdpSize;
    /** Scratch for the question name: a writer belongs to one event loop. */
    private final byte[] nameScratch = new byte[256];

    /**
     * @param ednsUdpSize the largest UDP payload this server sends to EDNS0 clients (and advertises)
     */
    ResponseWriter(int ednsUdpSize) {
        this.ednsUdpSize = ednsUdpSize;
    }

    /**
     * @param q     the query
     * @param r     the reply
     * @param alloc allocator
     * @return the encoded message; for UDP at most the size the client accepts
     */
    ByteBuf encode(Query q, Reply r, ByteBufAllocator alloc) {
        return encode(q, r.rcode(), r.records(), r.age(), r.authoritative(), alloc);
    }

    /**
     * @param q             the query
     * @param rcode         response code
     * @param records       answer and authority sections, encoded
     * @param age           seconds to subtract from every TTL
     * @param authoritative AA flag
     * @param alloc         allocator
     * @return the encoded message; for UDP at most the size the client accepts
     */
    ByteBuf encode(Query q, int rcode, EncodedRecords records, long age, boolean authoritative,
                   ByteBufAllocator alloc) {
        int limit = q.tcp() ? 65535 : (q.ednsPayload() < 0 ? 512 : Math.max(512, Math.min(q.ednsPayload(), ednsUdpSize)));
        int nameLength = WireNames.encode(q.qname(), nameScratch);
        boolean opt = q.ednsPayload() >= 0;
        int bare = HEADER + nameLength + 4 + (opt ? 11 : 0);
        boolean truncated = bare + records.length() > limit;
        ByteBuf out = alloc.ioBuffer(truncated ? bare : bare + records.length());
        try {
            write(out, q, rcode, truncated ? EncodedRecords.EMPTY : records, age, authoritative, nameLength, opt,
                    truncated);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /**
     * A FORMERR reply for a message that could not be decoded beyond its header.
     *
     * @param id     the message id
     * @param flags  the query's flags word
     * @param alloc  allocator
     * @return the encoded message
     */
    static ByteBuf formErr(int id, int flags, ByteBufAllocator alloc) {
        ByteBuf out = alloc.ioBuffer(HEADER);
        out.writeShort(id);
        int opcode = (flags >> 11) & 0xF;
        int rd = (flags >> 8) & 1;
        out.writeShort(0x8000 | (opcode << 11) | (rd << 8) | 0x80 | Reply.FORMERR);
        out.writeZero(8);
        return out;
    }

    private void write(ByteBuf out, Query q, int rcode, EncodedRecords records, long age, boolean authoritative,
                       int nameLength, boolean opt, boolean truncated) {
        out.writeShort(q.id());
        int flags = 0x8000 | ((q.opcode() & 0xF) << 11);
        if (authoritative) {
            flags |= 1 << 10;
        }
        if (truncated) {
            flags |= 1 << 9;
        }
        if (q.recursionDesired()) {
            flags |= 1 << 8;
        }
        flags |= 1 << 7;   // recursion available
        flags |= rcode & 0xF;
        out.writeShort(flags);
        out.writeShort(1);
        out.writeShort(records.answerCount());
        out.writeShort(records.authorityCount());
        out.writeShort(opt ? 1 : 0);
        out.writeBytes(nameScratch, 0, nameLength);
        out.writeShort(q.type());
        out.writeShort(q.dnsClass());
        records.writeTo(out, age);
        if (opt) {
            out.writeByte(0);                 // root name
            out.writeShort(OPT_TYPE);
            out.writeShort(ednsUdpSize);      // our UDP payload size
            out.writeInt(0);                  // extended rcode 0, version 0, no DO
            out.writeShort(0);                // no options
        }
    }
}
