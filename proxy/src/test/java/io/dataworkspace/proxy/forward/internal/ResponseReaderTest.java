package io.dataworkspace.proxy.forward.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseReaderTest {

    /** Collects what a reader delivers. */
    private static final class Collected implements ResponseReader.Sink {
        int status;
        String reason;
        final List<String> headers = new ArrayList<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int heads;
        boolean ended;

        @Override
        public boolean head(ResponseReader.Head head) {
            heads++;
            status = head.status;
            reason = head.reason.toString();
            for (int i = 0; i < head.count; i++) {
                headers.add(head.names[i] + ": " + head.values[i]);
            }
            return true;
        }

        @Override
        public void body(ByteBuf data, boolean last) {
            assertThat(ended).as("no body after the end").isFalse();
            byte[] bytes = new byte[data.readableBytes()];
            data.getBytes(data.readerIndex(), bytes);
            body.writeBytes(bytes);
            ended = last;
        }

        String body() {
            return body.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** Feeds {@code wire} in pieces of {@code step} bytes, as reads from a socket would arrive. */
    private static Collected read(String wire, int step, boolean headRequest, ResponseReader reader)
            throws Exception {
        Collected sink = new Collected();
        reader.reset(headRequest);
        byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length && !reader.complete(); i += step) {
            ByteBuf piece = Unpooled.wrappedBuffer(bytes, i, Math.min(step, bytes.length - i));
            ByteBuf in = reader.withPartial(piece);
            try {
                reader.read(in, sink);
            } finally {
                in.release();
            }
        }
        return sink;
    }

    private static Collected readEveryWay(String wire, boolean headRequest) throws Exception {
        Collected whole = read(wire, wire.length(), headRequest, new ResponseReader());
        for (int step = 1; step < 9; step++) {
            Collected pieces = read(wire, step, headRequest, new ResponseReader());
            assertThat(pieces.body()).as("body read %d bytes at a time", step).isEqualTo(whole.body());
            assertThat(pieces.headers).isEqualTo(whole.headers);
            assertThat(pieces.ended).isEqualTo(whole.ended);
        }
        return whole;
    }

    @Test
    void shouldReadAContentLengthResponseWhateverTheReadBoundaries() throws Exception {
        Collected r = readEveryWay("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n"
                + "X-Odd:  spaced value \r\n\r\nhello", false);
        assertThat(r.status).isEqualTo(200);
        assertThat(r.reason).isEqualTo("OK");
        assertThat(r.headers).containsExactly("Content-Type: text/plain", "Content-Length: 5", "X-Odd: spaced value");
        assertThat(r.body()).isEqualTo("hello");
        assertThat(r.ended).isTrue();
    }

    @Test
    void shouldDecodeChunkedBodiesWithExtensionsAndDropTrailers() throws Exception {
        Collected r = readEveryWay("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n1A\r\n, this is twenty-six bytes\r\n0\r\nX-Trailer: t\r\n\r\n", false);
        assertThat(r.body()).isEqualTo("hello, this is twenty-six bytes");
        assertThat(r.ended).isTrue();
    }

    @Test
    void shouldLetTransferEncodingOverrideContentLength() throws Exception {
        Collected r = readEveryWay("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4\r\nfour\r\n0\r\n\r\n", false);
        assertThat(r.body()).isEqualTo("four");
    }

    @Test
    void shouldReadUntilCloseWithoutLengthOrChunking() throws Exception {
        ResponseReader reader = new ResponseReader();
        Collected r = read("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nstreamed until close", 7, false,
                reader);
        assertThat(r.body()).isEqualTo("streamed until close");
        assertThat(r.ended).isFalse();
        assertThat(reader.untilClose()).isTrue();
    }

    @Test
    void shouldEndBodilessResponsesAtTheHead() throws Exception {
        assertThat(readEveryWay("HTTP/1.1 304 Not Modified\r\nETag: x\r\n\r\n", false).ended).isTrue();
        assertThat(readEveryWay("HTTP/1.1 204 No Content\r\n\r\n", false).ended).isTrue();
        Collected head = readEveryWay("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", true);
        assertThat(head.ended).isTrue();
        assertThat(head.body()).isEmpty();
    }

    @Test
    void shouldSkipInterimResponses() throws Exception {
        Collected r = readEveryWay("HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
                + "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok", false);
        assertThat(r.heads).isEqualTo(1);
        assertThat(r.status).isEqualTo(201);
        assertThat(r.headers).containsExactly("Content-Length: 2");
        assertThat(r.body()).isEqualTo("ok");
    }

    @Test
    void shouldReadConnectionCloseAndHttp10KeepAlive() throws Exception {
        ResponseReader reader = new ResponseReader();
        read("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 100, false, reader);
        assertThat(reader.closeRequested()).isTrue();
        read("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", 100, false, reader);
        assertThat(reader.closeRequested()).isTrue();
        read("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", 100, false, reader);
        assertThat(reader.closeRequested()).isFalse();
        read("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 100, false, reader);
        assertThat(reader.closeRequested()).isFalse();
    }

    @Test
    void shouldRefuseResponsesThatCannotBeRelayedSafely() {
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 100,
                false, new ResponseReader())).hasMessageContaining("differing Content-Length");
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", 100, false,
                new ResponseReader())).hasMessageContaining("invalid Content-Length");
        assertThatThrownBy(() -> read("SSH-2.0-OpenSSH\r\n\r\n", 100, false, new ResponseReader()))
                .hasMessageContaining("not an HTTP/1.x status line");
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\n\r\n", 100, false,
                new ResponseReader())).hasMessageContaining("folding");
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nX-A : 1\r\n\r\n", 100, false, new ResponseReader()))
                .hasMessageContaining("white space before a header colon");
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 100, false,
                new ResponseReader())).hasMessageContaining("invalid chunk size");
        String huge = "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(ResponseReader.MAX_HEAD_BYTES) + "\r\n\r\n";
        assertThatThrownBy(() -> read(huge, 4096, false, new ResponseReader()))
                .hasMessageContaining("response head longer than");
    }
}
