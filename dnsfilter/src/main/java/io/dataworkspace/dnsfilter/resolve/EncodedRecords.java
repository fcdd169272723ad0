package io.dataworkspace.dnsfilter.resolve;

import io.netty.buffer.ByteBuf;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The answer and authority sections of a reply, encoded once (names uncompressed) so that a cache hit copies one
 * array; the TTLs are patched in place when the answer has aged. Immutable.
 */
public final class EncodedRecords {

    /** No records. */
    public static final EncodedRecords EMPTY = new EncodedRecords(new byte[0], 0, 0, new int[0], new long[0]);

    private final byte[] bytes;
    private final int answerCount;
    private final int authorityCount;
    private final int[] ttlOffsets;
    private final long[] ttls;

    private EncodedRecords(byte[] bytes, int answerCount, int authorityCount, int[] ttlOffsets, long[] ttls) {
        this.bytes = bytes;
        this.answerCount = answerCount;
        this.authorityCount = authorityCount;
        this.ttlOffsets = ttlOffsets;
        this.ttls = ttls;
    }

    /**
     * @param answers   answer section
     * @param authority authority section
     * @return both, encoded
     */
    public static EncodedRecords of(List<WireRecord> answers, List<WireRecord> authority) {
        if (answers.isEmpty() && authority.isEmpty()) {
            return EMPTY;
        }
        int n = answers.size() + authority.size();
        int[] offsets = new int[n];
        long[] ttls = new long[n];
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * n);
        int i = 0;
        for (List<WireRecord> section : List.of(answers, authority)) {
            for (WireRecord r : section) {
                byte[] name = r.wireName();
                out.writeBytes(name);
                writeShort(out, r.type());
                writeShort(out, r.dnsClass());
                offsets[i] = out.size();
                ttls[i] = r.ttl();
                writeInt(out, (int) Math.min(Integer.MAX_VALUE, Math.max(0, r.ttl())));
                writeShort(out, r.rdata().length);
                out.writeBytes(r.rdata());
                i++;
            }
        }
        return new EncodedRecords(out.toByteArray(), answers.size(), authority.size(), offsets, ttls);
    }

    /** @return records in the answer section */
    public int answerCount() {
        return answerCount;
    }

    /** @return records in the authority section */
    public int authorityCount() {
        return authorityCount;
    }

    /** @return encoded length in bytes */
    public int length() {
        return bytes.length;
    }

    /**
     * Writes both sections with every TTL reduced by {@code age} seconds (never below 0).
     *
     * @param out the message being built
     * @param age seconds the records spent in the cache
     */
    public void writeTo(ByteBuf out, long age) {
        int at = out.writerIndex();
        out.writeBytes(bytes);
        if (age > 0) {
            for (int i = 0; i < ttlOffsets.length; i++) {
                out.setInt(at + ttlOffsets[i], (int) Math.min(Integer.MAX_VALUE, Math.max(0, ttls[i] - age)));
            }
        }
    }

    private static void writeShort(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        writeShort(out, v >>> 16);
        writeShort(out, v & 0xFFFF);
    }
}
