package io.dataworkspace.proxy.forward.internal;

import io.netty.buffer.ByteBuf;
import io.netty.util.CharsetUtil;

/** Receives forwarded headers in order: into a header map, or as bytes of a head being written. */
@FunctionalInterface
interface HeaderSink {

    int CRLF = ('\r' << 8) | '\n';

    void add(CharSequence name, CharSequence value);

    /** Writes {@code name: value} and CRLF. */
    static void write(ByteBuf out, CharSequence name, CharSequence value) {
        out.writeCharSequence(name, CharsetUtil.US_ASCII);
        out.writeShort(COLON_SPACE);
        out.writeCharSequence(value, CharsetUtil.ISO_8859_1);
        out.writeShort(CRLF);
    }

    /** ": " as one short. */
    int COLON_SPACE = (':' << 8) | ' ';
}
