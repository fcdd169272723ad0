package io.dataworkspace.dnsfilter.resolve;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireNamesTest {

    @Test
    void shouldWriteAndReadNames() {
        ByteBuf b = Unpooled.buffer();
        WireNames.write(b, "S3.amazonaws.com.");
        byte[] wire = new byte[b.readableBytes()];
        b.readBytes(wire);
        assertThat(wire).hasSize(18);
        assertThat(WireNames.toText(wire, 0)).isEqualTo("s3.amazonaws.com.");
        ByteBuf root = Unpooled.buffer();
        WireNames.write(root, ".");
        assertThat(root.readableBytes()).isEqualTo(1);
    }

    @Test
    void shouldFollowCompressionPointersBackwards() {
        ByteBuf msg = Unpooled.buffer();
        msg.writeZero(12);
        WireNames.write(msg, "amazonaws.com");          // at 12
        int at = msg.writerIndex();
        msg.writeByte(2).writeBytes("s3".getBytes()).writeByte(0xC0).writeByte(12);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int next = WireNames.decompress(msg, at, out);
        assertThat(next).isEqualTo(at + 5);
        assertThat(WireNames.toText(out.toByteArray(), 0)).isEqualTo("s3.amazonaws.com.");
    }

    @Test
    void shouldRejectPointerLoopsAndOverruns() {
        ByteBuf loop = Unpooled.buffer().writeZero(12).writeByte(0xC0).writeByte(12);
        assertThatThrownBy(() -> WireNames.decompress(loop, 12, new ByteArrayOutputStream()))
                .isInstanceOf(IllegalArgumentException.class);
        ByteBuf overrun = Unpooled.buffer(14, 14).writeZero(12).writeByte(40).writeByte('a');
        assertThatThrownBy(() -> WireNames.decompress(overrun, 12, new ByteArrayOutputStream()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseToWriteInvalidNames() {
        assertThatThrownBy(() -> WireNames.write(Unpooled.buffer(), "a..b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireNames.write(Unpooled.buffer(), "x".repeat(64) + ".b"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
