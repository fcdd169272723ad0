package io.dataworkspace.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

@ParameterizedClass(name = "fast path: {0}")
@ValueSource(booleans = {true, false})
class ForwardingHttpIT {

    /** Whether the proxy has the fast path in front of its server (production) or only the full handler. */
    @Parameter
    boolean fastPath;

    private static ForwardFixture fixture;

    @BeforeParameterizedClassInvocation
    static void start(boolean fastPath) {
        ForwardOptions options = ForwardOptions.DEFAULTS.withProxyCookieNames(Set.of("dws_session", "dws_handoff"));
        fixture = ForwardFixture.start(options, req -> {
            switch (req.path()) {
                case "/echo-body":
                    req.body().onSuccess(body -> req.response().putHeader("X-Received", String.valueOf(body.length()))
                            .end(body));
                    break;
                case "/hop":
                    req.response().setStatusCode(201).setStatusMessage("Made")
                            .putHeader("Connection", "close, X-Internal")
                            .putHeader("X-Internal", "secret")
                            .putHeader("Keep-Alive", "timeout=5")
                            .putHeader("Proxy-Authenticate", "Basic")
                            .putHeader("X-Tool", "jupyter")
                            .putHeader("Set-Cookie", "_xsrf=abc; Path=/")
                            .end("made");
                    break;
                default:
                    req.response().putHeader("Content-Type", "text/plain").end("hello " + req.path());
            }
        }, fastPath);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        fixture.close();
    }

    /** A response with its body, read in the same chain (a body not consumed at once is dropped). */
    record Response(HttpClientResponse head, Buffer body) {
        int statusCode() {
            return head.statusCode();
        }

        String statusMessage() {
            return head.statusMessage();
        }

        String getHeader(String name) {
            return head.getHeader(name);
        }

        io.vertx.core.MultiMap headers() {
            return head.headers();
        }
    }

    static Response read(ForwardFixture f,
            java.util.function.Supplier<io.vertx.core.Future<HttpClientResponse>> response) {
        return f.call(() -> response.get().compose(r -> r.body().map(b -> new Response(r, b))));
    }

    private static Response send(RequestOptions options, Buffer body) {
        return read(fixture, () -> fixture.client.request(options.setHost("127.0.0.1").setPort(fixture.proxyPort))
                .compose(r -> body == null ? r.send() : r.send(body)));
    }

    private static String bodyOf(Response r) {
        return r.body().toString();
    }

    @Test
    void shouldNeverLetClientIdentityHeadersReachTheTool() throws Exception {
        fixture.seen.clear();
        Response r = send(new RequestOptions().setURI("/user/alice/x")
                .addHeader("X-Workspace-User-Email", "ceo@example.test")
                .addHeader("x-workspace-user-id", "1")
                .addHeader("X-WORKSPACE-ROLE", "admin")
                .addHeader("X-Workspace-User-Name", "Mallory"), null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(bodyOf(r)).isEqualTo("hello /user/alice/x");
        ForwardFixture.Seen seen = fixture.nextSeen();
        assertThat(seen.headers().getAll("X-Workspace-User-Email")).containsExactly("alice@example.test");
        assertThat(seen.headers().getAll("X-Workspace-User-Id")).containsExactly("42");
        assertThat(seen.headers().getAll("X-Workspace-User-Name")).containsExactly("Alice Example");
        assertThat(seen.headers().contains("X-Workspace-Role")).isFalse();
    }

    @Test
    void shouldStripProxyCookiesAndKeepTheOthers() throws Exception {
        fixture.seen.clear();
        send(new RequestOptions().setURI("/c")
                .addHeader("Cookie", "_xsrf=2|abc; dws_session=SECRET; theme=dark; dws_handoff=T"), null);
        assertThat(fixture.nextSeen().headers().getAll("Cookie")).containsExactly("_xsrf=2|abc; theme=dark");

        send(new RequestOptions().setURI("/c").addHeader("Cookie", "dws_session=SECRET"), null);
        assertThat(fixture.nextSeen().headers().contains("Cookie")).isFalse();

        send(new RequestOptions().setURI("/c").addHeader("Cookie", "my_dws_session=1; dws_sessionX=2"), null);
        assertThat(fixture.nextSeen().headers().get("Cookie")).isEqualTo("my_dws_session=1; dws_sessionX=2");
    }

    @Test
    void shouldRemoveHopByHopHeadersInBothDirections() throws Exception {
        fixture.seen.clear();
        Response r = send(new RequestOptions().setURI("/hop")
                .addHeader("Connection", "keep-alive, X-Hop")
                .addHeader("X-Hop", "1")
                .addHeader("Keep-Alive", "timeout=5")
                .addHeader("TE", "trailers")
                .addHeader("Trailer", "X-Checksum")
                .addHeader("Upgrade", "h2c")
                .addHeader("Proxy-Authorization", "Basic Zm9vOmJhcg==")
                .addHeader("Proxy-Foo", "1")
                .addHeader("X-End-To-End", "kept"), null);
        ForwardFixture.Seen seen = fixture.nextSeen();
        for (String hop : new String[] {"X-Hop", "Keep-Alive", "TE", "Trailer", "Upgrade", "Proxy-Authorization",
                "Proxy-Foo"}) {
            assertThat(seen.headers().contains(hop)).as(hop).isFalse();
        }
        assertThat(seen.headers().get("Connection")).isNotEqualTo("keep-alive, X-Hop");
        assertThat(seen.headers().get("X-End-To-End")).isEqualTo("kept");

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.statusMessage()).isEqualTo("Made");
        assertThat(r.getHeader("X-Tool")).isEqualTo("jupyter");
        assertThat(r.getHeader("Set-Cookie")).isEqualTo("_xsrf=abc; Path=/");
        assertThat(r.headers().contains("X-Internal")).isFalse();
        assertThat(r.headers().contains("Keep-Alive")).isFalse();
        assertThat(r.headers().contains("Proxy-Authenticate")).isFalse();
        assertThat(r.getHeader("Connection")).isNull();
        assertThat(bodyOf(r)).isEqualTo("made");
    }

    @Test
    void shouldIgnoreClientForwardedHeadersWhenNoHopIsTrusted() throws Exception {
        fixture.seen.clear();
        send(new RequestOptions().setURI("/f")
                .addHeader("X-Forwarded-For", "6.6.6.6")
                .addHeader("X-Forwarded-Proto", "https")
                .addHeader("X-Forwarded-Host", "evil.example")
                .addHeader("Forwarded", "for=6.6.6.6")
                .addHeader("X-Real-IP", "6.6.6.6")
                .addHeader("Host", "jupyter-42.example.test"), null);
        ForwardFixture.Seen seen = fixture.nextSeen();
        assertThat(seen.headers().getAll("X-Forwarded-For")).containsExactly("127.0.0.1");
        assertThat(seen.headers().get("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(seen.headers().get("X-Forwarded-Host")).isEqualTo("jupyter-42.example.test");
        assertThat(seen.headers().get("Host")).isEqualTo("jupyter-42.example.test");
        assertThat(seen.headers().contains("Forwarded")).isFalse();
        assertThat(seen.headers().contains("X-Real-IP")).isFalse();
    }

    @Test
    void shouldTrustOnlyTheConfiguredNumberOfHops() throws Exception {
        try (ForwardFixture trusting = ForwardFixture.start(ForwardOptions.DEFAULTS.withTrustedHops(1),
                req -> req.response().end("ok"), fastPath)) {
            read(trusting, () -> trusting.client.request(new RequestOptions().setURI("/x")
                            .addHeader("X-Forwarded-For", "6.6.6.6, 10.1.2.3")
                            .addHeader("X-Forwarded-Proto", "https")
                            .addHeader("X-Forwarded-Host", "jupyter-42.example.test"))
                    .compose(r -> r.send()));
            ForwardFixture.Seen seen = trusting.nextSeen();
            assertThat(seen.headers().getAll("X-Forwarded-For")).containsExactly("10.1.2.3, 127.0.0.1");
            assertThat(seen.headers().get("X-Forwarded-Proto")).isEqualTo("https");
            assertThat(seen.headers().get("X-Forwarded-Host")).isEqualTo("jupyter-42.example.test");
        }
    }

    @Test
    void shouldStreamRequestBodiesWithLengthOrChunked() throws Exception {
        Buffer body = Buffer.buffer("x".repeat(300_000));
        Response r = send(new RequestOptions().setURI("/echo-body").setMethod(HttpMethod.POST), body);
        assertThat(r.getHeader("X-Received")).isEqualTo("300000");
        assertThat(r.body().length()).isEqualTo(300_000);

        Response chunked = read(fixture, () -> fixture.client.request(new RequestOptions().setMethod(HttpMethod.PUT)
                        .setURI("/echo-body"))
                .compose(req -> {
                    req.setChunked(true);
                    req.write("part one,");
                    req.write("part two");
                    return req.end().compose(v -> req.response());
                }));
        assertThat(chunked.getHeader("X-Received")).isEqualTo("17");
        assertThat(bodyOf(chunked)).isEqualTo("part one,part two");
    }

    @Test
    void shouldAnswerExpectContinueOnceTheToolIsReachableAndKeepTheConnection() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", fixture.proxyPort)) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            java.io.InputStream in = socket.getInputStream();
            out.write(("POST /echo-body HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(readUntil(in, "\r\n\r\n")).startsWith("HTTP/1.1 100 Continue");
            out.write("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(readUntil(in, "hello")).startsWith("HTTP/1.1 200").contains("X-Received: 5");
            out.write("GET /again HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(readUntil(in, "hello /again")).startsWith("HTTP/1.1 200");
        }
    }

    private static String readUntil(java.io.InputStream in, String end) throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while (sb.indexOf(end) < 0 && (c = in.read()) >= 0) {
            sb.append((char) c);
        }
        return sb.toString();
    }

    @Test
    void shouldCountActivityAndReportLatency() throws Exception {
        long before = fixture.activity.bytesToClient();
        long exchanges = fixture.activity.httpExchanges();
        int statuses = fixture.listener.statuses.size();
        Response r = send(new RequestOptions().setURI("/user/alice/activity"), null);
        assertThat(bodyOf(r)).isEqualTo("hello /user/alice/activity");
        assertThat(fixture.activity.bytesToClient() - before).isEqualTo("hello /user/alice/activity".length());
        assertThat(fixture.activity.httpExchanges()).isGreaterThan(exchanges);
        assertThat(fixture.activity.lastActivityMillis()).isGreaterThan(0);
        assertThat(fixture.listener.statuses.size()).isGreaterThan(statuses);
        assertThat(fixture.listener.latencies).allMatch(n -> n > 0 && n < Duration.ofSeconds(10).toNanos());
    }
}
