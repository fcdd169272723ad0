package io.dataworkspace.dnsfilter.server;

import io.netty.buffer.ByteBuf;

import java.net.InetSocketAddress;

/**
 * Reads a UDP query straight from the datagram's bytes into a {@link Query}: no Netty message objects, and no new
 * string for a name asked recently ({@link RecentNames}; else one string per name, two when the client used upper
 * case). Total: nothing a client sends raises an exception past it.
 * <ul>
 * <li>shorter than a header, or the QR bit set (a response): {@link ParseResult.Ignored}, never answered;</li>
 * <li>not exactly one question, a malformed name (bad label type, pointer forwards or in a loop, over 255 bytes,
 * a dot inside a label), a question or record header running past the end: {@link MalformedQuery} (FORMERR);</li>
 * <li>otherwise a query; the records after the question are only walked to find the EDNS0 OPT record, and a
 * record cut short ends its section (the rest of the message is ignored, as Netty's decoder does).</li>
 * </ul>
 * One instance per channel: it keeps a scratch buffer.
 */
final class QueryParser {

    private static final int HEADER = 12;
    private static final int MAX_NAME = 255;
    private static final int OPT = 41;

    /** Names kept by {@link RecentNames}: enough for a busy subnet's working set, at most a few MB. */
    static final int RECENT_NAMES = 4096;

    private final char[] scratch = new char[MAX_NAME + 1];
    private final RecentNames recent = new RecentNames(RECENT_NAMES);
    /** Characters of the last name read into {@link #scratch}, without trailing dot. */
    private int nameLength;

    /**
     * @param msg    the datagram's content (not consumed: absolute indexes from its reader index)
     * @param sender who sent it
     * @return the query, a FORMERR case, or {@link ParseResult.Ignored}
     */
    ParseResult parse(ByteBuf msg, InetSocketAddress sender) {
        int base = msg.readerIndex();
        int end = msg.writerIndex();
        if (end - base < HEADER) {
            return ParseResult.Ignored.INSTANCE;
        }
        int id = msg.getUnsignedShort(base);
        int flags = msg.getUnsignedShort(base + 2);
        if ((flags & 0x8000) != 0) {
            return ParseResult.Ignored.INSTANCE;
        }
        int qd = msg.getUnsignedShort(base + 4);
        if (qd != 1) {
            return new MalformedQuery(sender, id, flags);
        }
        // name positions are relative to the message start (compression pointers count from there)
        int p = readName(msg, base, base + HEADER, end);
        if (p < 0 || p + 4 > end) {
            return new MalformedQuery(sender, id, flags);
        }
        int nameChars = nameLength;
        int type = msg.getUnsignedShort(p);
        int dnsClass = msg.getUnsignedShort(p + 2);
        p += 4;
        int edns = -1;
        for (int section = 0; section < 3; section++) {
            int count = msg.getUnsignedShort(base + 6 + 2 * section);
            for (int i = 0; i < count; i++) {
                int afterName = skipName(msg, base, p, end);
                if (afterName < 0) {
                    return new MalformedQuery(sender, id, flags);
                }
                if (end - afterName < 10) {
                    break;   // cut short: the rest of the section is ignored
                }
                int rdLength = msg.getUnsignedShort(afterName + 8);
                if (end - afterName - 10 < rdLength) {
                    break;
                }
                if (section == 2 && edns < 0 && msg.getUnsignedShort(afterName) == OPT) {
                    edns = msg.getUnsignedShort(afterName + 2);
                }
                p = afterName + 10 + rdLength;
            }
        }
        String qname;
        String name;
        if (nameChars == 0) {
            qname = ".";
            name = "";
        } else {
            int hash = RecentNames.hash(scratch, nameChars);
            int slot = recent.find(scratch, nameChars, hash);
            if (slot >= 0) {
                qname = recent.asWritten(slot);
                name = recent.lowerCase(slot);
            } else {
                qname = new String(scratch, 0, nameChars);
                name = lowerCase(qname, nameChars);
                recent.put(hash, qname, name);
            }
        }
        return new Query(id, (flags >> 11) & 0xF, (flags & 0x0100) != 0, qname, name, type, dnsClass, edns, sender,
                false);
    }

    /**
     * Reads a possibly compressed name into {@link #scratch} (labels joined by dots, no trailing dot).
     *
     * @return the index just after the name, or -1 when it is malformed
     */
    private int readName(ByteBuf msg, int base, int at, int end) {
        return walkName(msg, base, at, end, scratch);
    }

    private int skipName(ByteBuf msg, int base, int at, int end) {
        return walkName(msg, base, at, end, null);
    }

    private int walkName(ByteBuf msg, int base, int at, int end, char[] out) {
        int n = 0;
        int p = at;
        int after = -1;
        int jumps = 0;
        while (true) {
            if (p >= end) {
                return -1;
            }
            int len = msg.getUnsignedByte(p);
            if ((len & 0xC0) == 0xC0) {
                if (p + 1 >= end) {
                    return -1;
                }
                int target = base + (((len & 0x3F) << 8) | msg.getUnsignedByte(p + 1));
                if (after < 0) {
                    after = p + 2;
                }
                if (++jumps > 32 || target >= p) {
                    return -1;
                }
                p = target;
                continue;
            }
            if (len > 63) {
                return -1;
            }
            if (len == 0) {
                if (out != null) {
                    nameLength = n == 0 ? 0 : n - 1;
                }
                return after < 0 ? p + 1 : after;
            }
            if (p + 1 + len > end || n + len + 1 > MAX_NAME) {
                return -1;
            }
            for (int i = 0; i < len; i++) {
                char c = (char) msg.getUnsignedByte(p + 1 + i);
                if (c == '.') {
                    return -1;
                }
                if (out != null) {
                    out[n] = c;
                }
                n++;
            }
            if (out != null) {
                out[n] = '.';
            }
            n++;
            p += len + 1;
        }
    }

    /** @return the name lower-cased without trailing dot; the same string when it has no upper case */
    private String lowerCase(String qname, int chars) {
        for (int i = 0; i < chars; i++) {
            char c = scratch[i];
            if (c >= 'A' && c <= 'Z') {
                for (int k = i; k < chars; k++) {
                    char d = scratch[k];
                    scratch[k] = d >= 'A' && d <= 'Z' ? (char) (d + 32) : d;
                }
                return new String(scratch, 0, chars);
            }
        }
        return qname;
    }
}
