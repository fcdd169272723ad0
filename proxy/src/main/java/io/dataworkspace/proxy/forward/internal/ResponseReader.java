package io.dataworkspace.proxy.forward.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.AsciiString;
import io.netty.util.ByteProcessor;

/**
 * Reads an upstream HTTP/1.1 response from the raw bytes of its connection: the status line and headers (handed over
 * as one {@link Head}), then the body's framing ({@code Content-Length}, {@code chunked} or until close) so the body
 * bytes can be relayed as they are, without a header map or message objects. Interim {@code 1xx} responses (other
 * than {@code 101}) are skipped. One reader per connection, {@link #reset} per exchange; not thread-safe.
 */
final class ResponseReader {

    /** Where a reader delivers what it read; called synchronously from {@link #read}. */
    interface Sink {
        /** The response head; return false to stop reading (the exchange failed while handling it). */
        boolean head(Head head);

        /** Body bytes: a slice of the read buffer, valid only during the call (retain it to keep it). */
        void body(ByteBuf data, boolean last);
    }

    /** A parsed head: status, reason and header lines, plus what the framing needs. */
    static final class Head {
        int status;
        AsciiString reason;
        final AsciiString[] names = new AsciiString[128];
        final AsciiString[] values = new AsciiString[128];
        int count;
        long contentLength = -1;
        boolean chunked;
        boolean close;
        boolean http10;
        AsciiString connection;
    }

    /** Thrown for bytes that are not an HTTP/1.1 response we can relay safely. */
    static final class MalformedResponseException extends Exception {
        MalformedResponseException(String message) {
            super(message, null, false, false);
        }
    }

    static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int HEAD = 0;
    private static final int FIXED = 1;
    private static final int CHUNK_SIZE = 2;
    private static final int CHUNK_DATA = 3;
    private static final int CHUNK_DATA_END = 4;
    private static final int TRAILERS = 5;
    private static final int UNTIL_CLOSE = 6;
    private static final int DONE = 7;

    private final Head head = new Head();
    private ByteBuf partial;
    private int state = HEAD;
    private long remaining;
    private boolean headRequest;

    /** Prepares for the response to a new request. */
    void reset(boolean forHeadRequest) {
        state = HEAD;
        headRequest = forHeadRequest;
        remaining = 0;
        releasePartial();
    }

    /** Whether the response was read to its end (the connection may then carry another exchange). */
    boolean complete() {
        return state == DONE;
    }

    /** Whether the head was delivered. */
    boolean headRead() {
        return state != HEAD;
    }

    /** Whether the last head asked for the connection to be closed after the response. */
    boolean closeRequested() {
        return head.close;
    }

    /** Whether the body runs until the connection closes. */
    boolean untilClose() {
        return state == UNTIL_CLOSE;
    }

    /**
     * Consumes {@code in} (not released here). Stops at the end of the response: any bytes after it are left in
     * {@code in} (a well-behaved upstream sends none).
     */
    void read(ByteBuf in, Sink sink) throws MalformedResponseException {
        while (in.isReadable() && state != DONE) {
            switch (state) {
                case HEAD -> {
                    if (!readHead(in, sink)) {
                        return;
                    }
                }
                case FIXED -> {
                    int n = (int) Math.min(remaining, in.readableBytes());
                    remaining -= n;
                    ByteBuf data = in.readSlice(n);
                    if (remaining == 0) {
                        state = DONE;
                    }
                    sink.body(data, state == DONE);
                }
                case CHUNK_SIZE -> {
                    int eol = in.forEachByte(ByteProcessor.FIND_LF);
                    if (eol < 0) {
                        keepPartial(in, 1024, "chunk size line");
                        return;
                    }
                    remaining = chunkSize(in, eol);
                    in.readerIndex(eol + 1);
                    state = remaining == 0 ? TRAILERS : CHUNK_DATA;
                }
                case CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, in.readableBytes());
                    remaining -= n;
                    ByteBuf data = in.readSlice(n);
                    if (remaining == 0) {
                        state = CHUNK_DATA_END;
                    }
                    sink.body(data, false);
                }
                case CHUNK_DATA_END, TRAILERS -> {
                    int eol = in.forEachByte(ByteProcessor.FIND_LF);
                    if (eol < 0) {
                        keepPartial(in, MAX_HEAD_BYTES, "chunk trailer");
                        return;
                    }
                    boolean empty = eol == in.readerIndex() || (eol == in.readerIndex() + 1
                            && in.getByte(in.readerIndex()) == '\r');
                    in.readerIndex(eol + 1);
                    if (state == CHUNK_DATA_END) {
                        if (!empty) {
                            throw new MalformedResponseException("chunk data not followed by CRLF");
                        }
                        state = CHUNK_SIZE;
                    } else if (empty) {
                        state = DONE; // trailers (if any) are dropped: the client response is re-chunked without them
                        sink.body(Unpooled.EMPTY_BUFFER, true);
                    }
                }
                case UNTIL_CLOSE -> sink.body(in.readSlice(in.readableBytes()), false);
                default -> throw new IllegalStateException("state " + state);
            }
        }
    }

    /**
     * Feeds bytes kept from a previous read first: only for a head or a chunk line split across reads, so this
     * copy is rare and small.
     */
    ByteBuf withPartial(ByteBuf in) {
        if (partial == null) {
            return in;
        }
        ByteBuf joined = partial.writeBytes(in);
        partial = null;
        in.release();
        return joined;
    }

    private void keepPartial(ByteBuf in, int max, String what) throws MalformedResponseException {
        if (in.readableBytes() > max) {
            throw new MalformedResponseException(what + " longer than " + max + " bytes");
        }
        partial = Unpooled.buffer(Math.max(256, in.readableBytes() * 2));
        partial.writeBytes(in);
    }

    void releasePartial() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }

    /** @return false when more bytes are needed (kept in {@link #partial}) */
    private boolean readHead(ByteBuf in, Sink sink) throws MalformedResponseException {
        int end = headEnd(in);
        if (end < 0) {
            keepPartial(in, MAX_HEAD_BYTES, "response head");
            return false;
        }
        if (end - in.readerIndex() > MAX_HEAD_BYTES) {
            throw new MalformedResponseException("response head longer than " + MAX_HEAD_BYTES + " bytes");
        }
        parseHead(in, end);
        in.readerIndex(end);
        int status = head.status;
        if (status >= 100 && status < 200 && status != 101) {
            return true; // interim response (103 Early Hints...): not relayed, the final head follows
        }
        if (headRequest || status == 204 || status == 304 || status == 101) {
            state = DONE;
        } else if (head.chunked) {
            state = CHUNK_SIZE;
        } else if (head.contentLength >= 0) {
            remaining = head.contentLength;
            state = remaining == 0 ? DONE : FIXED;
        } else {
            state = UNTIL_CLOSE;
        }
        if (!sink.head(head)) {
            return false;
        }
        if (state == DONE) {
            sink.body(Unpooled.EMPTY_BUFFER, true);
        }
        return true;
    }

    /** @return the index just after the empty line ending the head, or -1 */
    private static int headEnd(ByteBuf in) {
        int from = in.readerIndex();
        int to = in.writerIndex();
        while (from < to) {
            int lf = in.indexOf(from, to, (byte) '\n');
            if (lf < 0) {
                return -1;
            }
            if (lf + 1 < to && in.getByte(lf + 1) == '\n') {
                return lf + 2;
            }
            if (lf + 2 < to && in.getByte(lf + 1) == '\r' && in.getByte(lf + 2) == '\n') {
                return lf + 3;
            }
            from = lf + 1;
        }
        return -1;
    }

    /**
     * Parses the head in {@code in} up to {@code end}: copied once into an array that the header names and values
     * then share (no per-header copy or allocation beyond the {@link AsciiString} views), scanned with plain loops.
     */
    private void parseHead(ByteBuf in, int end) throws MalformedResponseException {
        int length = end - in.readerIndex();
        byte[] b = new byte[length];
        in.getBytes(in.readerIndex(), b);
        Head h = head;
        h.count = 0;
        h.contentLength = -1;
        h.chunked = false;
        h.close = false;
        h.connection = null;
        int lineEnd = lineEnd(b, 0, length);
        parseStatusLine(b, 0, lineEnd);
        int lineStart = next(b, lineEnd);
        boolean transferEncoding = false;
        while (lineStart < length) {
            lineEnd = lineEnd(b, lineStart, length);
            if (lineEnd == lineStart) {
                break;
            }
            byte first = b[lineStart];
            if (first == ' ' || first == '\t') {
                throw new MalformedResponseException("obsolete header line folding");
            }
            int colon = lineStart;
            while (colon < lineEnd && b[colon] != ':') {
                colon++;
            }
            if (colon == lineStart || colon == lineEnd) {
                throw new MalformedResponseException("header line without a name");
            }
            if (isSpace(b[colon - 1])) {
                throw new MalformedResponseException("white space before a header colon");
            }
            int valueStart = colon + 1;
            int valueEnd = lineEnd;
            while (valueStart < valueEnd && isSpace(b[valueStart])) {
                valueStart++;
            }
            while (valueEnd > valueStart && isSpace(b[valueEnd - 1])) {
                valueEnd--;
            }
            if (h.count == h.names.length) {
                throw new MalformedResponseException("more than " + h.names.length + " response headers");
            }
            int n = colon - lineStart;
            AsciiString name = new AsciiString(b, lineStart, n, false);
            AsciiString value = new AsciiString(b, valueStart, valueEnd - valueStart, false);
            h.names[h.count] = name;
            h.values[h.count] = value;
            h.count++;
            if (n == 14 && name.contentEqualsIgnoreCase(CONTENT_LENGTH)) {
                long contentLength = parseLength(value);
                if (h.contentLength >= 0 && h.contentLength != contentLength) {
                    throw new MalformedResponseException("differing Content-Length values");
                }
                h.contentLength = contentLength;
            } else if (n == 17 && name.contentEqualsIgnoreCase(TRANSFER_ENCODING)) {
                transferEncoding = true;
                h.chunked = endsWithChunked(value);
            } else if (n == 10 && name.contentEqualsIgnoreCase(CONNECTION)) {
                h.connection = value;
                if (HeaderRules.listedIn(value, CLOSE)) {
                    h.close = true;
                }
            }
            lineStart = next(b, lineEnd);
        }
        if (transferEncoding) {
            // RFC 9112 6.3: Transfer-Encoding overrides Content-Length; a non-chunked coding runs until close
            h.contentLength = -1;
        }
        if (h.http10) {
            h.close = h.connection == null || !HeaderRules.listedIn(h.connection, KEEP_ALIVE);
        }
    }

    private void parseStatusLine(byte[] b, int start, int end) throws MalformedResponseException {
        // HTTP/1.x SSS[ reason]
        if (end - start < 12 || b[start] != 'H' || b[start + 1] != 'T' || b[start + 2] != 'T' || b[start + 3] != 'P'
                || b[start + 4] != '/' || b[start + 5] != '1' || b[start + 6] != '.' || b[start + 8] != ' ') {
            throw new MalformedResponseException("not an HTTP/1.x status line");
        }
        byte minor = b[start + 7];
        if (minor != '0' && minor != '1') {
            throw new MalformedResponseException("unsupported HTTP version");
        }
        head.http10 = minor == '0';
        int status = 0;
        for (int i = start + 9; i < start + 12; i++) {
            byte d = b[i];
            if (d < '0' || d > '9') {
                throw new MalformedResponseException("status code is not three digits");
            }
            status = status * 10 + (d - '0');
        }
        if (status < 100) {
            throw new MalformedResponseException("status code below 100");
        }
        if (end > start + 12 && b[start + 12] != ' ') {
            throw new MalformedResponseException("status code is not three digits");
        }
        head.status = status;
        int reasonStart = Math.min(end, start + 13);
        head.reason = reasonStart < end ? new AsciiString(b, reasonStart, end - reasonStart, false)
                : AsciiString.EMPTY_STRING;
    }

    private static final AsciiString CONTENT_LENGTH = AsciiString.cached("content-length");
    private static final AsciiString TRANSFER_ENCODING = AsciiString.cached("transfer-encoding");
    private static final AsciiString CONNECTION = AsciiString.cached("connection");
    private static final AsciiString CLOSE = AsciiString.cached("close");
    private static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");
    private static final AsciiString CHUNKED = AsciiString.cached("chunked");

    private static boolean endsWithChunked(AsciiString value) {
        int end = value.length();
        while (end > 0 && isSpace(value.byteAt(end - 1))) {
            end--;
        }
        int start = end - CHUNKED.length();
        if (start < 0) {
            return false;
        }
        if (start > 0) {
            int k = start - 1;
            while (k >= 0 && isSpace(value.byteAt(k))) {
                k--;
            }
            if (k >= 0 && value.byteAt(k) != ',') {
                return false;
            }
        }
        return value.subSequence(start, end, false).contentEqualsIgnoreCase(CHUNKED);
    }

    private static long parseLength(AsciiString value) throws MalformedResponseException {
        int n = value.length();
        if (n == 0 || n > 18) {
            throw new MalformedResponseException("invalid Content-Length");
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            byte d = value.byteAt(i);
            if (d < '0' || d > '9') {
                throw new MalformedResponseException("invalid Content-Length");
            }
            v = v * 10 + (d - '0');
        }
        return v;
    }

    private static long chunkSize(ByteBuf in, int eol) throws MalformedResponseException {
        long size = 0;
        int digits = 0;
        for (int i = in.readerIndex(); i < eol; i++) {
            byte c = in.getByte(i);
            int d;
            if (c >= '0' && c <= '9') {
                d = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                d = c - 'a' + 10;
            } else if (c >= 'A' && c <= 'F') {
                d = c - 'A' + 10;
            } else if (c == ';' || c == ' ' || c == '\t' || c == '\r') {
                break; // chunk extensions are ignored
            } else {
                throw new MalformedResponseException("invalid chunk size");
            }
            if (++digits > 15) {
                throw new MalformedResponseException("chunk size too large");
            }
            size = size * 16 + d;
        }
        if (digits == 0) {
            throw new MalformedResponseException("empty chunk size");
        }
        return size;
    }

    private static int lineEnd(byte[] b, int from, int end) {
        int lf = from;
        while (lf < end && b[lf] != '\n') {
            lf++;
        }
        return lf > from && b[lf - 1] == '\r' ? lf - 1 : lf;
    }

    private static int next(byte[] b, int lineEnd) {
        return lineEnd < b.length && b[lineEnd] == '\r' ? lineEnd + 2 : lineEnd + 1;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t';
    }
}
