package io.dataworkspace.proxy.forward.internal;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * Counts WebSocket frames (RFC 6455 section 5.2) in one direction of a raw tunnel without decoding them: it reads
 * the 2 to 14 header bytes of each frame and skips the payload arithmetically, carrying its state across reads.
 * A frame header split over two reads is handled; payloads are never copied or unmasked.
 */
public final class FrameCounter {

    private long skip;        // payload bytes of the current frame still to pass
    private int headerPos;    // header bytes of the next frame seen so far
    private int headerLen;    // its full header length, known after byte 2
    private int extLen;       // extended payload length bytes: 0, 2 or 8
    private int opcode;
    private long length;      // payload length being assembled
    private int dataFrames;
    private int controlFrames;

    /** Scans one read; the counts accumulate until {@link #takeData()} / {@link #takeControl()}. */
    public void scan(Buffer buf) {
        scan(((BufferInternal) buf).getByteBuf());
    }

    /**
     * Scans the readable bytes of one read (its indexes are not moved); the counts accumulate until
     * {@link #takeData()} / {@link #takeControl()}.
     */
    public void scan(ByteBuf buf) {
        int i = buf.readerIndex();
        int n = buf.writerIndex();
        while (i < n) {
            if (skip > 0) {
                long step = Math.min(skip, n - i);
                skip -= step;
                i += (int) step;
                continue;
            }
            int b = buf.getByte(i++) & 0xff;
            switch (headerPos) {
                case 0:
                    opcode = b & 0x0f;
                    headerPos = 1;
                    continue;
                case 1: {
                    int len7 = b & 0x7f;
                    extLen = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
                    headerLen = 2 + extLen + ((b & 0x80) != 0 ? 4 : 0);
                    length = extLen == 0 ? len7 : 0;
                    headerPos = 2;
                    break;
                }
                default:
                    if (headerPos < 2 + extLen) {
                        length = (length << 8) | b;
                    }
                    headerPos++;
                    break;
            }
            if (headerPos == headerLen) {
                if (opcode >= 8) {
                    controlFrames++;
                } else {
                    dataFrames++;
                }
                skip = length < 0 ? Long.MAX_VALUE : length;
                headerPos = 0;
            }
        }
    }

    /** @return data frames (text, binary, continuation) seen since the last call, and resets the count */
    public int takeData() {
        int d = dataFrames;
        dataFrames = 0;
        return d;
    }

    /** @return control frames (close, ping, pong) seen since the last call, and resets the count */
    public int takeControl() {
        int c = controlFrames;
        controlFrames = 0;
        return c;
    }
}
