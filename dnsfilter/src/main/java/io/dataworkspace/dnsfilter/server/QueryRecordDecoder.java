package io.dataworkspace.dnsfilter.server;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRecordType;

/**
 * The record decoder given to Netty's TCP query decoder. Netty's default one runs every name through
 * {@code IDN.toASCII} (a third of the CPU of a cached answer) and keeps a retained slice of each record's RDATA;
 * a query needs neither. Names are read byte for byte (one char per byte), so the question is echoed exactly as
 * sent; a label containing a dot, a pointer loop or an over-long name is a malformed query.
 * One instance per channel (it keeps a scratch buffer).
 */
final class QueryRecordDecoder implements DnsRecordDecoder {

    private static final int MAX_NAME = 255;

    /** Scratch for names: a decoder belongs to one channel, whose pipeline runs on one thread. */
    private final char[] scratch = new char[MAX_NAME + 1];

    @Override
    public DnsQuestion decodeQuestion(ByteBuf in) {
        String name = readName(in);
        int type = in.readUnsignedShort();
        int dnsClass = in.readUnsignedShort();
        return new Question(name, DnsRecordType.valueOf(type), dnsClass);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends DnsRecord> T decodeRecord(ByteBuf in) {
        int start = in.readerIndex();
        String name = readName(in);
        if (in.readableBytes() < 10) {
            in.readerIndex(start);
            return null;
        }
        int type = in.readUnsignedShort();
        int dnsClass = in.readUnsignedShort();
        long ttl = in.readUnsignedInt();
        int length = in.readUnsignedShort();
        if (in.readableBytes() < length) {
            in.readerIndex(start);
            return null;
        }
        in.skipBytes(length);
        return (T) new Header(name, DnsRecordType.valueOf(type), dnsClass, ttl);
    }

    /**
     * Reads a possibly compressed name at the reader index and moves past it.
     *
     * @param in the message
     * @return the name with a trailing dot ("." for the root)
     */
    String readName(ByteBuf in) {
        char[] out = scratch;
        int n = 0;
        int p = in.readerIndex();
        int end = -1;
        int limit = in.writerIndex();
        int jumps = 0;
        while (true) {
            if (p >= limit) {
                throw new CorruptedFrameException("name runs past the end of the message");
            }
            int len = in.getUnsignedByte(p);
            if ((len & 0xC0) == 0xC0) {
                if (p + 1 >= limit) {
                    throw new CorruptedFrameException("truncated compression pointer");
                }
                int target = ((len & 0x3F) << 8) | in.getUnsignedByte(p + 1);
                if (end < 0) {
                    end = p + 2;
                }
                if (++jumps > 32 || target >= p) {
                    throw new CorruptedFrameException("bad compression pointer");
                }
                p = target;
                continue;
            }
            if (len > 63) {
                throw new CorruptedFrameException("bad label type");
            }
            if (len == 0) {
                in.readerIndex(end < 0 ? p + 1 : end);
                if (n == 0) {
                    return ".";
                }
                return new String(out, 0, n);
            }
            if (p + 1 + len > limit || n + len + 1 > MAX_NAME) {
                throw new CorruptedFrameException("name too long or truncated");
            }
            for (int i = 0; i < len; i++) {
                char c = (char) in.getUnsignedByte(p + 1 + i);
                if (c == '.') {
                    throw new CorruptedFrameException("dot inside a label");
                }
                out[n++] = c;
            }
            out[n++] = '.';
            p += len + 1;
        }
    }

    /** A question as the engine needs it: no IDN conversion, no copies. */
    private record Question(String name, DnsRecordType type, int dnsClass) implements DnsQuestion {
        @Override
        public long timeToLive() {
            return 0;
        }
    }

    /** The header of a record in a query (the OPT record): the RDATA is skipped. */
    private record Header(String name, DnsRecordType type, int dnsClass, long timeToLive) implements DnsRecord {
    }
}
