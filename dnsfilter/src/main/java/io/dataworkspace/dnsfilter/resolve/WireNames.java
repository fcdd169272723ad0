package io.dataworkspace.dnsfilter.resolve;

import io.netty.buffer.ByteBuf;

import java.io.ByteArrayOutputStream;

/** Domain names in wire format: writing uncompressed names and reading (decompressing) names safely. */
public final class WireNames {

    private static final int MAX_NAME = 255;

    private WireNames() {
    }

    /**
     * Writes a name as uncompressed labels. {@code "a.b."}, {@code "a.b"} and {@code "."} are accepted.
     *
     * @param out  the buffer
     * @param name the name
     * @throws IllegalArgumentException when a label is empty or longer than 63 bytes, or the name longer than 255
     */
    public static void write(ByteBuf out, String name) {
        byte[] tmp = new byte[MAX_NAME + 1];
        out.writeBytes(tmp, 0, encode(name, tmp));
    }

    /**
     * @param name a name, as for {@link #write(ByteBuf, String)}
     * @return its uncompressed wire form
     */
    public static byte[] encode(String name) {
        byte[] out = new byte[MAX_NAME + 1];
        int n = encode(name, out);
        return java.util.Arrays.copyOf(out, n);
    }

    /**
     * Encodes a name into {@code out} (at least 256 bytes) without allocating.
     *
     * @param name a name, as for {@link #write(ByteBuf, String)}
     * @param out  receives the wire form
     * @return the number of bytes written
     */
    public static int encode(String name, byte[] out) {
        int w = 0;
        int n = name.length();
        int labelStart = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || name.charAt(i) == '.') {
                int len = i - labelStart;
                if (len == 0) {
                    if (i == n && (n == 0 || name.charAt(n - 1) == '.') || n == 1) {
                        break;   // trailing dot or root
                    }
                    throw new IllegalArgumentException("empty label in name '" + name + "'");
                }
                if (len > 63) {
                    throw new IllegalArgumentException("label longer than 63 in name '" + name + "'");
                }
                if (w + len + 2 > MAX_NAME) {
                    throw new IllegalArgumentException("name longer than 255 bytes");
                }
                out[w++] = (byte) len;
                for (int k = labelStart; k < i; k++) {
                    out[w++] = (byte) name.charAt(k);
                }
                labelStart = i + 1;
            }
        }
        out[w++] = 0;
        return w;
    }

    /**
     * Reads a possibly compressed name at {@code pos}, following pointers anywhere in {@code buf} (absolute
     * indexes, as in the message the record came from), and appends it uncompressed to {@code out}.
     *
     * @param buf a buffer whose absolute indexes are those of the DNS message
     * @param pos where the name starts
     * @param out receives the uncompressed wire name
     * @return the index just after the name at {@code pos} (after the first pointer, if any)
     * @throws IllegalArgumentException on loops, overlong names or names past the end of the buffer
     */
    public static int decompress(ByteBuf buf, int pos, ByteArrayOutputStream out) {
        int end = -1;
        int written = 0;
        int jumps = 0;
        int p = pos;
        while (true) {
            if (p >= buf.capacity()) {
                throw new IllegalArgumentException("name runs past the end of the message");
            }
            int len = buf.getUnsignedByte(p);
            if ((len & 0xC0) == 0xC0) {
                if (p + 1 >= buf.capacity()) {
                    throw new IllegalArgumentException("truncated compression pointer");
                }
                if (end < 0) {
                    end = p + 2;
                }
                int target = ((len & 0x3F) << 8) | buf.getUnsignedByte(p + 1);
                if (++jumps > 64 || target >= p) {
                    throw new IllegalArgumentException("bad compression pointer");
                }
                p = target;
                continue;
            }
            if ((len & 0xC0) != 0) {
                throw new IllegalArgumentException("unsupported label type");
            }
            if (len == 0) {
                out.write(0);
                return end < 0 ? p + 1 : end;
            }
            if (p + 1 + len > buf.capacity()) {
                throw new IllegalArgumentException("label runs past the end of the message");
            }
            written += len + 1;
            if (written + 1 > MAX_NAME) {
                throw new IllegalArgumentException("name longer than 255 bytes");
            }
            out.write(len);
            for (int k = 0; k < len; k++) {
                out.write(buf.getByte(p + 1 + k));
            }
            p += len + 1;
        }
    }

    /**
     * Turns an uncompressed wire name into text with a trailing dot, lower-cased.
     *
     * @param wire the bytes
     * @param pos  where the name starts
     * @return e.g. {@code "s3.amazonaws.com."}
     */
    public static String toText(byte[] wire, int pos) {
        StringBuilder sb = new StringBuilder(64);
        int p = pos;
        while (p < wire.length) {
            int len = wire[p] & 0xFF;
            if (len == 0 || (len & 0xC0) != 0) {
                break;
            }
            for (int k = 0; k < len && p + 1 + k < wire.length; k++) {
                char c = (char) (wire[p + 1 + k] & 0xFF);
                sb.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
            }
            sb.append('.');
            p += len + 1;
        }
        return sb.length() == 0 ? "." : sb.toString();
    }
}
