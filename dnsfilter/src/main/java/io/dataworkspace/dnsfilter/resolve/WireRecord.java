package io.dataworkspace.dnsfilter.resolve;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.dns.DnsPtrRecord;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * A resource record copied out of an upstream message into plain bytes, with every domain name inside its RDATA
 * decompressed so it can be written into any other message. Immutable; the array is never handed out to be
 * modified.
 *
 * @param name     owner name with trailing dot, lower case
 * @param type     record type code
 * @param dnsClass record class
 * @param ttl      TTL in seconds when received
 * @param rdata    the RDATA, uncompressed
 * @param wireName the owner name in wire format, encoded once so that writing a cached answer copies bytes
 */
public record WireRecord(String name, int type, int dnsClass, long ttl, byte[] rdata, byte[] wireName) {

    /**
     * A record whose owner name is encoded here.
     *
     * @param name     owner name
     * @param type     type code
     * @param dnsClass class
     * @param ttl      TTL in seconds
     * @param rdata    uncompressed RDATA
     */
    public WireRecord(String name, int type, int dnsClass, long ttl, byte[] rdata) {
        this(name, type, dnsClass, ttl, rdata, WireNames.encode(name));
    }

    /** Record type codes used here. */
    public static final int A = 1;
    /** NS. */
    public static final int NS = 2;
    /** CNAME. */
    public static final int CNAME = 5;
    /** SOA. */
    public static final int SOA = 6;
    /** PTR. */
    public static final int PTR = 12;
    /** MX. */
    public static final int MX = 15;
    /** AAAA. */
    public static final int AAAA = 28;
    /** SRV. */
    public static final int SRV = 33;

    /**
     * Copies a record decoded by Netty. Netty leaves CNAME/NS RDATA decompressed and PTR as text; SOA, MX and SRV
     * RDATA still hold compression pointers into the upstream message, which are resolved here.
     *
     * @param r the record
     * @return the copy
     * @throws IllegalArgumentException when the RDATA is malformed
     */
    public static WireRecord of(DnsRecord r) {
        String owner = lower(r.name());
        int type = r.type().intValue();
        byte[] rdata;
        if (r instanceof DnsPtrRecord ptr) {
            ByteBuf tmp = io.netty.buffer.Unpooled.buffer(64);
            try {
                WireNames.write(tmp, ptr.hostname());
                rdata = new byte[tmp.readableBytes()];
                tmp.readBytes(rdata);
            } finally {
                tmp.release();
            }
        } else if (r instanceof DnsRawRecord raw) {
            ByteBuf c = raw.content();
            int from = c.readerIndex();
            int len = c.readableBytes();
            rdata = switch (type) {
                case SOA -> names(c, from, len, 2, 20);
                case MX -> fixedThenName(c, from, len, 2);
                case SRV -> fixedThenName(c, from, len, 6);
                default -> {
                    byte[] b = new byte[len];
                    c.getBytes(from, b);
                    yield b;
                }
            };
        } else {
            throw new IllegalArgumentException("unsupported record " + r.getClass().getSimpleName());
        }
        return new WireRecord(owner, type, r.dnsClass() & 0xFFFF, r.timeToLive(), rdata);
    }

    /** @return a copy of this record under another owner name and TTL */
    public WireRecord withNameAndTtl(String newName, long newTtl) {
        String n = lower(newName);
        return new WireRecord(n, type, dnsClass, newTtl, rdata, n.equals(name) ? wireName : WireNames.encode(n));
    }

    /** @return the target of a CNAME record, with trailing dot, lower case */
    public String cnameTarget() {
        return WireNames.toText(rdata, 0);
    }

    /**
     * @return the SOA's negative-caching TTL: min(record TTL, SOA MINIMUM), or -1 when this is not a valid SOA
     */
    public long soaNegativeTtl() {
        if (type != SOA || rdata.length < 22) {
            return -1;
        }
        int p = rdata.length - 4;
        long minimum = ((rdata[p] & 0xFFL) << 24) | ((rdata[p + 1] & 0xFFL) << 16) | ((rdata[p + 2] & 0xFFL) << 8)
                | (rdata[p + 3] & 0xFFL);
        return Math.min(ttl, minimum);
    }

    /**
     * Writes the record with a TTL reduced by {@code age} seconds (never below 0).
     *
     * @param out the message being built
     * @param age seconds the record spent in the cache
     */
    public void writeTo(ByteBuf out, long age) {
        out.writeBytes(wireName);
        out.writeShort(type);
        out.writeShort(dnsClass);
        out.writeInt((int) Math.max(0, ttl - age));
        out.writeShort(rdata.length);
        out.writeBytes(rdata);
    }

    /** @return the type's mnemonic, for logs */
    public String typeName() {
        return DnsRecordType.valueOf(type).name();
    }

    private static String lower(String name) {
        String n = name.endsWith(".") ? name : name + ".";
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return n.toLowerCase(Locale.ROOT);
            }
        }
        return n;
    }

    private static byte[] names(ByteBuf c, int from, int len, int count, int trailer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        int p = from;
        for (int i = 0; i < count; i++) {
            p = WireNames.decompress(c, p, out);
        }
        if (p + trailer > from + len) {
            throw new IllegalArgumentException("truncated RDATA");
        }
        for (int i = 0; i < trailer; i++) {
            out.write(c.getByte(p + i));
        }
        return out.toByteArray();
    }

    private static byte[] fixedThenName(ByteBuf c, int from, int len, int fixed) {
        if (len < fixed + 1) {
            throw new IllegalArgumentException("truncated RDATA");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        for (int i = 0; i < fixed; i++) {
            out.write(c.getByte(from + i));
        }
        WireNames.decompress(c, from + fixed, out);
        return out.toByteArray();
    }
}
