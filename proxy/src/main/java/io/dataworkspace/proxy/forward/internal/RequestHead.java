package io.dataworkspace.proxy.forward.internal;

import io.netty.buffer.ByteBuf;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;

/**
 * A client's HTTP/1.1 request head read straight from the connection's bytes, for the fast path. {@link #parse}
 * accepts only the plainest form — the request line {@code METHOD /target HTTP/1.1}, CRLF line ends, well-formed
 * header names and values, one {@code Host}, at most one {@code Content-Length} and no {@code Transfer-Encoding},
 * {@code Upgrade}, {@code Expect} or folded lines — and answers false for anything else, which then goes to the
 * full HTTP server (its strict decoder refuses what is malformed). So the fast path never has to decide an
 * ambiguous framing. Header names and values are views on one copy of the head; one instance per connection.
 */
final class RequestHead {

    static final int MAX_HEADERS = 100;

    AsciiString method;
    AsciiString uri;
    AsciiString host;
    AsciiString cookie;
    AsciiString connection;
    final AsciiString[] names = new AsciiString[MAX_HEADERS];
    final AsciiString[] values = new AsciiString[MAX_HEADERS];
    int count;
    /** The body's length: 0 without {@code Content-Length}. */
    long contentLength;
    /** Whether the client asked for the connection to be closed after the response. */
    boolean close;
    private final Headers headers = new Headers();

    /** @return the index just after the blank line ending the head that starts at the reader index, or -1 */
    static int end(ByteBuf in) {
        int i = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        while (i >= 0) {
            if (i + 2 < in.writerIndex() && in.getByte(i + 1) == '\r' && in.getByte(i + 2) == '\n') {
                return i + 3;
            }
            i = in.indexOf(i + 1, in.writerIndex(), (byte) '\n');
        }
        return -1;
    }

    /**
     * Parses the head in {@code in} from its reader index to {@code end} (exclusive; from {@link #end}), without
     * moving the reader index.
     *
     * @return whether it is a plain request the fast path may forward
     */
    boolean parse(ByteBuf in, int end) {
        int length = end - in.readerIndex();
        byte[] b = new byte[length];
        in.getBytes(in.readerIndex(), b);
        count = 0;
        contentLength = 0;
        close = false;
        host = null;
        cookie = null;
        connection = null;
        int lineEnd = lineEnd(b, 0, length);
        if (lineEnd < 0 || !requestLine(b, lineEnd)) {
            return false;
        }
        int lineStart = lineEnd + 2;
        boolean hasLength = false;
        while (true) {
            lineEnd = lineEnd(b, lineStart, length);
            if (lineEnd < 0) {
                return false;
            }
            if (lineEnd == lineStart) {
                return host != null;
            }
            int colon = lineStart;
            while (colon < lineEnd && isTokenChar(b[colon])) {
                colon++;
            }
            if (colon == lineStart || colon == lineEnd || b[colon] != ':' || count == MAX_HEADERS) {
                return false;
            }
            int valueStart = colon + 1;
            int valueEnd = lineEnd;
            while (valueStart < valueEnd && isSpace(b[valueStart])) {
                valueStart++;
            }
            while (valueEnd > valueStart && isSpace(b[valueEnd - 1])) {
                valueEnd--;
            }
            for (int i = valueStart; i < valueEnd; i++) {
                int c = b[i] & 0xff;
                if (c < 0x20 && c != '\t' || c == 0x7f) {
                    return false;
                }
            }
            int n = colon - lineStart;
            AsciiString name = new AsciiString(b, lineStart, n, false);
            AsciiString value = new AsciiString(b, valueStart, valueEnd - valueStart, false);
            names[count] = name;
            values[count] = value;
            count++;
            if (n == 4 && name.contentEqualsIgnoreCase(HOST)) {
                if (host != null || value.isEmpty()) {
                    return false;
                }
                host = value;
            } else if (n == 6 && name.contentEqualsIgnoreCase(COOKIE)) {
                if (cookie != null) {
                    return false; // several Cookie lines: merged by the full path
                }
                cookie = value;
            } else if (n == 14 && name.contentEqualsIgnoreCase(CONTENT_LENGTH)) {
                if (hasLength || (contentLength = digits(value)) < 0) {
                    return false;
                }
                hasLength = true;
            } else if (n == 10 && name.contentEqualsIgnoreCase(CONNECTION)) {
                if (connection != null || HeaderRules.listedIn(value, UPGRADE)) {
                    return false;
                }
                connection = value;
                close = HeaderRules.listedIn(value, CLOSE);
            } else if (n == 17 && name.contentEqualsIgnoreCase(TRANSFER_ENCODING)
                    || n == 7 && name.contentEqualsIgnoreCase(UPGRADE)
                    || n == 6 && name.contentEqualsIgnoreCase(EXPECT)) {
                return false;
            }
            lineStart = lineEnd + 2;
        }
    }

    /** The value of the first header called {@code name} (case-insensitive), or null. */
    AsciiString header(AsciiString name) {
        for (int i = 0; i < count; i++) {
            if (names[i].length() == name.length() && names[i].contentEqualsIgnoreCase(name)) {
                return values[i];
            }
        }
        return null;
    }

    /** The target's path: the URI up to its query. */
    CharSequence path() {
        int q = uri.indexOf('?', 0);
        return q < 0 ? uri : uri.subSequence(0, q, false);
    }

    /** The headers in order, for {@link RequestHeaderWriter} (one reused iterator: not for nested use). */
    Iterator<Map.Entry<CharSequence, CharSequence>> headers() {
        headers.next = 0;
        return headers;
    }

    private boolean requestLine(byte[] b, int end) {
        int sp = 0;
        while (sp < end && b[sp] >= 'A' && b[sp] <= 'Z') {
            sp++;
        }
        if (sp == 0 || sp > 7 || sp + 1 >= end || b[sp] != ' ' || b[sp + 1] != '/') {
            return false;
        }
        int uriStart = sp + 1;
        int uriEnd = uriStart;
        while (uriEnd < end && b[uriEnd] > 0x20 && b[uriEnd] < 0x7f) {
            uriEnd++;
        }
        if (end - uriEnd != 9 || b[uriEnd] != ' ' || b[uriEnd + 1] != 'H' || b[uriEnd + 2] != 'T'
                || b[uriEnd + 3] != 'T' || b[uriEnd + 4] != 'P' || b[uriEnd + 5] != '/' || b[uriEnd + 6] != '1'
                || b[uriEnd + 7] != '.' || b[uriEnd + 8] != '1') {
            return false;
        }
        method = knownMethod(b, sp);
        if (method == null) {
            return false;
        }
        uri = new AsciiString(b, uriStart, uriEnd - uriStart, false);
        return true;
    }

    private static AsciiString knownMethod(byte[] b, int length) {
        for (AsciiString m : METHODS) {
            if (m.length() == length) {
                boolean same = true;
                for (int i = 0; i < length && same; i++) {
                    same = m.byteAt(i) == b[i];
                }
                if (same) {
                    return m;
                }
            }
        }
        return null;
    }

    /** @return the index of the CR of the CRLF ending the line that starts at {@code from}; -1 for a bare LF */
    private static int lineEnd(byte[] b, int from, int end) {
        int lf = from;
        while (lf < end && b[lf] != '\n') {
            lf++;
        }
        return lf < end && lf > from && b[lf - 1] == '\r' ? lf - 1 : -1;
    }

    private static long digits(AsciiString value) {
        int n = value.length();
        if (n == 0 || n > 18) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            byte d = value.byteAt(i);
            if (d < '0' || d > '9') {
                return -1;
            }
            v = v * 10 + (d - '0');
        }
        return v;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t';
    }

    /** RFC 9110 tchar. */
    private static boolean isTokenChar(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                || c == '.' || c == '!' || c == '#' || c == '$' || c == '%' || c == '&' || c == '\'' || c == '*'
                || c == '+' || c == '^' || c == '`' || c == '|' || c == '~';
    }

    private static final AsciiString[] METHODS = {
        AsciiString.cached("GET"), AsciiString.cached("POST"), AsciiString.cached("PUT"),
        AsciiString.cached("DELETE"), AsciiString.cached("HEAD"), AsciiString.cached("PATCH"),
        AsciiString.cached("OPTIONS")};
    static final AsciiString HEAD_METHOD = METHODS[4];
    private static final AsciiString HOST = AsciiString.cached("host");
    private static final AsciiString COOKIE = AsciiString.cached("cookie");
    private static final AsciiString CONTENT_LENGTH = AsciiString.cached("content-length");
    private static final AsciiString CONNECTION = AsciiString.cached("connection");
    private static final AsciiString TRANSFER_ENCODING = AsciiString.cached("transfer-encoding");
    private static final AsciiString UPGRADE = AsciiString.cached("upgrade");
    private static final AsciiString EXPECT = AsciiString.cached("expect");
    private static final AsciiString CLOSE = AsciiString.cached("close");

    /** Iterates the parsed headers as map entries without allocating. */
    private final class Headers implements Iterator<Map.Entry<CharSequence, CharSequence>>,
            Map.Entry<CharSequence, CharSequence> {
        int next;
        int current;

        @Override
        public boolean hasNext() {
            return next < count;
        }

        @Override
        public Map.Entry<CharSequence, CharSequence> next() {
            current = next++;
            return this;
        }

        @Override
        public CharSequence getKey() {
            return names[current];
        }

        @Override
        public CharSequence getValue() {
            return values[current];
        }

        @Override
        public CharSequence setValue(CharSequence value) {
            throw new UnsupportedOperationException();
        }
    }
}
