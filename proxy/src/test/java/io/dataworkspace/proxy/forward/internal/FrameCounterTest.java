package io.dataworkspace.proxy.forward.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class FrameCounterTest {

    /** Builds a frame header (and zero payload) as a browser (masked) or server (unmasked) sends it. */
    private static Buffer frame(int opcode, long length, boolean masked) {
        Buffer b = Buffer.buffer();
        b.appendByte((byte) (0x80 | opcode));
        int mask = masked ? 0x80 : 0;
        if (length < 126) {
            b.appendByte((byte) (mask | length));
        } else if (length <= 0xffff) {
            b.appendByte((byte) (mask | 126)).appendShort((short) length);
        } else {
            b.appendByte((byte) (mask | 127)).appendLong(length);
        }
        if (masked) {
            b.appendInt(0x12345678);
        }
        return b.appendBytes(new byte[(int) length]);
    }

    @Test
    void shouldCountDataAndControlFramesOfEverySize() {
        Buffer stream = Buffer.buffer()
                .appendBuffer(frame(1, 5, true))        // text
                .appendBuffer(frame(9, 4, true))        // ping
                .appendBuffer(frame(2, 300, false))     // binary, 16-bit length
                .appendBuffer(frame(10, 0, false))      // pong
                .appendBuffer(frame(2, 70_000, true))   // binary, 64-bit length
                .appendBuffer(frame(0, 3, true))        // continuation
                .appendBuffer(frame(8, 2, true));       // close
        FrameCounter counter = new FrameCounter();
        counter.scan(stream);
        assertThat(counter.takeData()).isEqualTo(4);
        assertThat(counter.takeControl()).isEqualTo(3);
        assertThat(counter.takeData()).isZero();
    }

    @Test
    void shouldCarryStateAcrossArbitrarySplits() {
        Buffer stream = Buffer.buffer()
                .appendBuffer(frame(1, 200, true))
                .appendBuffer(frame(9, 0, true))
                .appendBuffer(frame(2, 70_000, false))
                .appendBuffer(frame(1, 1, false));
        for (int step : new int[] {1, 2, 3, 7, 13, 1000}) {
            FrameCounter counter = new FrameCounter();
            int data = 0;
            int control = 0;
            for (int i = 0; i < stream.length(); i += step) {
                counter.scan(stream.getBuffer(i, Math.min(stream.length(), i + step)));
                data += counter.takeData();
                control += counter.takeControl();
            }
            assertThat(data).as("step " + step).isEqualTo(3);
            assertThat(control).as("step " + step).isEqualTo(1);
        }
    }

    /** The splice scans the pooled buffers it reads: only their readable bytes, without moving the indexes. */
    @Test
    void shouldScanOnlyTheReadableBytesOfANettyBuffer() {
        Buffer frames = Buffer.buffer().appendBuffer(frame(2, 300, true)).appendBuffer(frame(10, 0, false));
        io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.buffer();
        buf.writeBytes(new byte[] {(byte) 0x89, 0x00}); // a ping before the reader index: already scanned
        buf.writeBytes(frames.getBytes());
        buf.readerIndex(2);
        try {
            FrameCounter counter = new FrameCounter();
            counter.scan(buf);
            assertThat(counter.takeData()).isEqualTo(1);
            assertThat(counter.takeControl()).isEqualTo(1);
            assertThat(buf.readerIndex()).isEqualTo(2);
            assertThat(buf.readableBytes()).isEqualTo(frames.length());
        } finally {
            buf.release();
        }
    }
}
