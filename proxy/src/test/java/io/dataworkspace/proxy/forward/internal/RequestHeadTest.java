package io.dataworkspace.proxy.forward.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestHeadTest {

    private static boolean parse(RequestHead head, String text) {
        ByteBuf in = Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
        try {
            int end = RequestHead.end(in);
            assertThat(end).as("head end found").isEqualTo(text.indexOf("\r\n\r\n") + 4);
            return head.parse(in, end);
        } finally {
            in.release();
        }
    }

    @Test
    void shouldReadAPlainRequest() {
        RequestHead head = new RequestHead();
        boolean plain = parse(head, "POST /user/a/api?x=1&y=2 HTTP/1.1\r\nHost: jupyter-1.example.test\r\n"
                + "Cookie: a=1; dw_tool_session=abc\r\nContent-Length: 12\r\nConnection: keep-alive, close\r\n"
                + "X-Empty:\r\n\r\nbody follows");
        assertThat(plain).isTrue();
        assertThat(head.method.toString()).isEqualTo("POST");
        assertThat(head.uri.toString()).isEqualTo("/user/a/api?x=1&y=2");
        assertThat(head.path().toString()).isEqualTo("/user/a/api");
        assertThat(head.host.toString()).isEqualTo("jupyter-1.example.test");
        assertThat(head.cookie.toString()).isEqualTo("a=1; dw_tool_session=abc");
        assertThat(head.contentLength).isEqualTo(12);
        assertThat(head.close).isTrue();
        assertThat(head.count).isEqualTo(5);
        assertThat(head.header(io.netty.util.AsciiString.of("x-empty")).toString()).isEmpty();
    }

    @Test
    void shouldReuseOneInstanceForTheNextRequest() {
        RequestHead head = new RequestHead();
        assertThat(parse(head, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nConnection: close\r\n"
                + "Cookie: c=1\r\n\r\n")).isTrue();
        assertThat(parse(head, "HEAD /x HTTP/1.1\r\nHost: b\r\n\r\n")).isTrue();
        assertThat((Object) head.method).isSameAs(RequestHead.HEAD_METHOD);
        assertThat(head.contentLength).isZero();
        assertThat(head.close).isFalse();
        assertThat((Object) head.cookie).isNull();
        assertThat(head.count).isEqualTo(1);
    }

    /** Everything unusual goes to the full server, which refuses what is malformed. */
    @ParameterizedTest
    @ValueSource(strings = {
        "GET / HTTP/1.0\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost:\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +1\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1234567890123456789\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, upgrade\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n folded\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX-A : 1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\nX-B: 2\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX-A: a\u0001b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nCookie: a=1\r\nCookie: b=2\r\n\r\n",
        "GET http://a/ HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET * HTTP/1.1\r\nHost: a\r\n\r\n",
        "CONNECT / HTTP/1.1\r\nHost: a\r\n\r\n",
        "get / HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET  / HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.1 \r\nHost: a\r\n\r\n",
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"})
    void shouldLeaveAnythingUnusualToTheFullServer(String request) {
        assertThat(parse(new RequestHead(), request)).isFalse();
    }

    @Test
    void shouldFindTheEndOfAHeadOnlyOnceItIsComplete() {
        ByteBuf in = Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: a\r\n", StandardCharsets.ISO_8859_1);
        assertThat(RequestHead.end(in)).isEqualTo(-1);
        in.writeBytes("\r".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(RequestHead.end(in)).isEqualTo(-1);
        in.writeBytes("\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(RequestHead.end(in)).isEqualTo(in.writerIndex());
        in.release();
    }
}
