package io.dataworkspace.proxy.forward;

import static io.dataworkspace.proxy.forward.ForwardFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.config.Env;
import io.dataworkspace.server.NetworkTransport;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** Raw-socket requests against the real proxy server: what reaches the tool and what is refused. */
@ParameterizedClass(name = "fast path: {0}")
@ValueSource(booleans = {true, false})
class RequestLimitsIT {

    /** Whether the proxy has the fast path in front of its server (production) or only the full handler. */
    @Parameter
    boolean fastPath;

    private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n";
    private static ForwardFixture fixture;

    @BeforeParameterizedClassInvocation
    static void start(boolean fastPath) {
        fixture = ForwardFixture.start(ForwardOptions.DEFAULTS,
                req -> req.body().onSuccess(b -> req.response().end("got " + b.length())), fastPath);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        fixture.close();
    }

    @BeforeEach
    void clear() {
        fixture.seen.clear();
    }

    private static RawHttp.Exchange send(String request) throws IOException {
        return RawHttp.send(fixture.proxyPort, request);
    }

    private static void assertRefused(RawHttp.Exchange ex, int status, String reason) {
        assertThat(ex.firstStatus()).isEqualTo(status);
        assertThat(ex.text()).contains(reason);
        assertThat(ex.responseCount()).as("only one response").isEqualTo(1);
        assertThat(ex.closedByServer()).as("connection closed").isTrue();
        assertThat(fixture.seen).as("nothing reached the tool").isEmpty();
    }

    @Test
    void shouldForwardAWellFormedChunkedRequest() throws Exception {
        RawHttp.Exchange ex = send("POST /ok HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\n");
        assertThat(ex.firstStatus()).isEqualTo(200);
        assertThat(ex.text()).endsWith("got 5");
        assertThat(fixture.nextSeen().uri()).isEqualTo("/ok");
    }

    @Test
    void shouldRefuseContentLengthWithTransferEncoding() throws Exception {
        assertRefused(send("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\n" + SMUGGLED), 400, "both Content-Length and Transfer-Encoding");
    }

    @Test
    void shouldRefuseDifferingContentLengths() throws Exception {
        assertRefused(send("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 41\r\n\r\nhello"
                + SMUGGLED), 400, "malformed request");
        assertRefused(send("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 41\r\n\r\nhello" + SMUGGLED), 400,
                "malformed request");
    }

    @Test
    void shouldRefuseTransferCodingsOtherThanChunked() throws Exception {
        for (String te : new String[] {"gzip", "xchunked", "chunked, identity", "identity"}) {
            assertRefused(send("POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: " + te + "\r\n\r\n" + SMUGGLED), 400,
                    "unsupported Transfer-Encoding");
        }
        assertRefused(send("POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked"
                + "\r\n\r\n0\r\n\r\n" + SMUGGLED), 400, "unsupported Transfer-Encoding");
    }

    @Test
    void shouldAnswer431ToOversizedHeaders() throws Exception {
        String big = "a".repeat(40 * 1024);
        assertRefused(send("GET /x HTTP/1.1\r\nHost: a\r\nCookie: c=" + big + "\r\n\r\n"), 431,
                "request headers too large");
    }

    @Test
    void shouldAnswer414ToAnOversizedRequestLine() throws Exception {
        assertRefused(send("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: a\r\n\r\n"), 414,
                "request line too long");
    }

    /**
     * What Vert.x does on its own (no {@link ServerLimits#install}): it accepts Content-Length with chunked and
     * silently drops the length. This is why the strict decoder exists; if a Vert.x upgrade starts refusing such
     * requests itself, this test fails and the hook can go.
     */
    @Test
    void vertxAloneAcceptsContentLengthWithChunked() throws Exception {
        Vertx vertx = NetworkTransport.vertx(Env.system(), new VertxOptions());
        try {
            HttpServer plain = vertx.createHttpServer(new HttpServerOptions())
                    .requestHandler(req -> req.body().onSuccess(b -> req.response().end("got " + b.length())));
            await(plain.listen(0, "127.0.0.1"));
            RawHttp.Exchange ex = RawHttp.send(plain.actualPort(), "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 4"
                    + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n");
            assertThat(ex.firstStatus()).isEqualTo(200);
        } finally {
            await(vertx.close());
        }
    }
}
