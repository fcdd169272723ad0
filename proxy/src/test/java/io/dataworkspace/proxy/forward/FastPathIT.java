package io.dataworkspace.proxy.forward;

import static io.dataworkspace.proxy.forward.ForwardFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.config.Env;
import io.dataworkspace.server.NetworkTransport;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fast path and the full HTTP server sharing client connections: requests the lane accepts go straight to the
 * tool, the others (here: paths under {@code /full/}) reach the server's handler, in order, on the same keep-alive
 * connection, pipelined or not.
 */
class FastPathIT {

    private static Vertx vertx;
    private static HttpServer upstream;
    private static HttpServer proxy;
    private static Forwarder forwarder;
    private static FastLane lane;
    private static final List<String> toolSaw = new CopyOnWriteArrayList<>();
    private static final List<String> finished = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        vertx = NetworkTransport.vertx(Env.system(), new VertxOptions());
        upstream = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            toolSaw.add(req.method() + " " + req.uri() + " " + body.length());
            if (req.path().equals("/chunked")) {
                req.response().setChunked(true).write("part one, ");
                req.response().end("part two");
            } else if (req.path().equals("/empty")) {
                req.response().setStatusCode(204).end();
            } else {
                req.response().putHeader("Content-Type", "text/plain")
                        .end("tool " + req.method() + " " + req.path() + " " + body);
            }
        }));
        await(upstream.listen(0, "127.0.0.1"));
        ActivityCounters activity = new ActivityCounters(System::currentTimeMillis, 0);
        forwarder = Forwarder.create(vertx, ForwardOptions.DEFAULTS, ForwardListener.NONE);
        FastLane.Target target = new FastLane.Target(new Upstream("127.0.0.1", upstream.actualPort()),
                ForwardFixture.ALICE, activity, "tool");
        lane = new FastLane() {
            @Override
            public Target target(Request request) {
                return request.path().toString().startsWith("/full/") ? null : target;
            }

            @Override
            public String requestId(CharSequence inbound) {
                return "id-" + finished.size();
            }

            @Override
            public void finished(Target t, Done done) {
                finished.add(done.method() + " " + done.path() + " " + done.status() + " " + done.bytesToClient());
            }
        };
        proxy = startProxy(ServerLimits.DEFAULTS, forwarder, lane);
    }

    /** A proxy server as ProxyServer builds it: strict parsing, the fast path, a full handler answering "full". */
    private static HttpServer startProxy(ServerLimits limits, Forwarder forwarder, FastLane lane) {
        HttpServerOptions options = limits.apply(new HttpServerOptions());
        HttpServer server = vertx.createHttpServer(options)
                .connectionHandler(conn -> {
                    ServerLimits.hardenConnection(conn, options);
                    if (!forwarder.installFastPath(conn, lane, limits)) {
                        throw new AssertionError("fast path not installed");
                    }
                })
                .invalidRequestHandler(ServerLimits::rejectInvalidRequest)
                .requestHandler(req -> req.body().onSuccess(body -> req.response()
                        .end("full " + req.method() + " " + req.path() + " " + body)));
        await(server.listen(0, "127.0.0.1"));
        return server;
    }

    @AfterAll
    static void stop() {
        await(vertx.close());
    }

    @BeforeEach
    void clear() {
        toolSaw.clear();
        finished.clear();
    }

    private static RawHttp.Exchange send(String requests) throws Exception {
        return RawHttp.send(proxy.actualPort(), requests);
    }

    @Test
    void shouldAnswerPipelinedRequestsInOrderWhicheverPathTakesThem() throws Exception {
        RawHttp.Exchange ex = send("GET /a HTTP/1.1\r\nHost: t\r\n\r\n"
                + "POST /full/x HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"
                + "POST /b HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc"
                + "GET /full/y HTTP/1.1\r\nHost: t\r\n\r\n"
                + "GET /c HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        String text = ex.text();
        assertThat(ex.responseCount()).isEqualTo(5);
        assertThat(text.indexOf("tool GET /a ")).isGreaterThan(0)
                .isLessThan(text.indexOf("full POST /full/x hello"));
        assertThat(text.indexOf("full POST /full/x hello")).isLessThan(text.indexOf("tool POST /b abc"));
        assertThat(text.indexOf("tool POST /b abc")).isLessThan(text.indexOf("full GET /full/y"));
        assertThat(text.indexOf("full GET /full/y")).isLessThan(text.indexOf("tool GET /c"));
        assertThat(ex.closedByServer()).as("closed after the request asking for it").isTrue();
        assertThat(toolSaw).containsExactly("GET /a 0", "POST /b 3", "GET /c 0");
        assertThat(finished).containsExactly("GET /a 200 12", "POST /b 200 16", "GET /c 200 12");
        assertThat(text).contains("X-Request-Id: id-0", "X-Request-Id: id-2");
    }

    @Test
    void shouldReChunkAResponseWithoutLengthAndKeepTheConnection() throws Exception {
        RawHttp.Exchange ex = send("GET /chunked HTTP/1.1\r\nHost: t\r\n\r\n"
                + "GET /empty HTTP/1.1\r\nHost: t\r\n\r\n"
                + "HEAD /d HTTP/1.1\r\nHost: t\r\n\r\n"
                + "GET /e HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        String text = ex.text();
        assertThat(ex.responseCount()).isEqualTo(4);
        assertThat(text).contains("Transfer-Encoding: chunked\r\n", "part one, ", "part two\r\n0\r\n\r\n",
                "HTTP/1.1 204 No Content\r\n", "tool GET /e ");
        assertThat(text).doesNotContain("tool HEAD /d"); // no body for HEAD
        assertThat(toolSaw).containsExactly("GET /chunked 0", "GET /empty 0", "HEAD /d 0", "GET /e 0");
    }

    @Test
    void shouldHandTheConnectionToTheServerAfterAChunkedRequest() throws Exception {
        RawHttp.Exchange ex = send("POST /a HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n0\r\n\r\n"
                + "GET /b HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        assertThat(ex.responseCount()).isEqualTo(2);
        assertThat(ex.text()).contains("full POST /a abc", "full GET /b ");
        assertThat(toolSaw).isEmpty();
        assertThat(finished).isEmpty();
    }

    @Test
    void shouldStreamALargeBodyBothWays() throws Exception {
        String body = "x".repeat(3 * 1024 * 1024);
        RawHttp.Exchange ex = send("PUT /big HTTP/1.1\r\nHost: t\r\nContent-Length: " + body.length() + "\r\n\r\n"
                + body + "GET /after HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        assertThat(ex.responseCount()).isEqualTo(2);
        assertThat(ex.text()).contains("tool PUT /big " + body, "tool GET /after ");
        assertThat(toolSaw).containsExactly("PUT /big " + body.length(), "GET /after 0");
    }

    @Test
    void shouldAnswer502WhenTheToolIsDownAndLogIt() throws Exception {
        // a second proxy whose lane points at a port where nothing listens
        Forwarder downForwarder = Forwarder.create(vertx, ForwardOptions.DEFAULTS, ForwardListener.NONE);
        List<String> done = new CopyOnWriteArrayList<>();
        FastLane.Target nowhere = new FastLane.Target(new Upstream("127.0.0.1", ForwardFixture.freePort()),
                ForwardFixture.ALICE, new ActivityCounters(System::currentTimeMillis, 0), "tool");
        FastLane downLane = new FastLane() {
            @Override
            public Target target(Request request) {
                return nowhere;
            }

            @Override
            public String requestId(CharSequence inbound) {
                return "down";
            }

            @Override
            public void finished(Target t, Done d) {
                done.add(d.path() + " " + d.status());
            }
        };
        HttpServer down = startProxy(ServerLimits.DEFAULTS, downForwarder, downLane);
        try {
            RawHttp.Exchange ex = RawHttp.send(down.actualPort(), "GET /x HTTP/1.1\r\nHost: t\r\n"
                    + "Sec-Fetch-Mode: navigate\r\n\r\nGET /y HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            assertThat(ex.responseCount()).isEqualTo(2);
            assertThat(ex.firstStatus()).isEqualTo(502);
            assertThat(ex.text()).contains("<h1>Your tool is not answering</h1>", "\"status\":502",
                    "X-Request-Id: down", "retry-after: 5");
            assertThat(done).containsExactly("/x 502", "/y 502");
        } finally {
            await(down.close());
        }
    }

    /** A tool answering without a length (the body ends with its connection): re-chunked for the client. */
    @Test
    void shouldRelayABodyDelimitedByTheToolClosingItsConnection() throws Exception {
        try (java.net.ServerSocket tool = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread toolThread = new Thread(() -> {
                try (Socket s = tool.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                            StandardCharsets.US_ASCII));
                    while (!in.readLine().isEmpty()) {
                        // the request head
                    }
                    s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close"
                            + "\r\n\r\nuntil the end").getBytes(StandardCharsets.US_ASCII));
                } catch (Exception e) {
                    // the test's assertions report what went wrong
                }
            });
            toolThread.start();
            FastLane.Target toTool = new FastLane.Target(new Upstream("127.0.0.1", tool.getLocalPort()),
                    ForwardFixture.ALICE, new ActivityCounters(System::currentTimeMillis, 0), "tool");
            List<String> done = new CopyOnWriteArrayList<>();
            FastLane closeLane = new FastLane() {
                @Override
                public Target target(Request request) {
                    return toTool;
                }

                @Override
                public String requestId(CharSequence inbound) {
                    return "c";
                }

                @Override
                public void finished(Target t, Done d) {
                    done.add(d.status() + " " + d.bytesToClient());
                }
            };
            HttpServer server = startProxy(ServerLimits.DEFAULTS,
                    Forwarder.create(vertx, ForwardOptions.DEFAULTS, ForwardListener.NONE), closeLane);
            try {
                RawHttp.Exchange ex = RawHttp.send(server.actualPort(),
                        "GET /x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
                assertThat(ex.firstStatus()).isEqualTo(200);
                assertThat(ex.text()).contains("Transfer-Encoding: chunked\r\n", "\r\nd\r\nuntil the end\r\n0\r\n\r\n")
                        .doesNotContainIgnoringCase("connection: close\r\ncontent");
                assertThat(done).containsExactly("200 13");
            } finally {
                await(server.close());
                toolThread.join(5000);
            }
        }
    }

    /** The idle timeout closes silent and slow clients, and sees the fast path's traffic as activity. */
    @Test
    void shouldCloseIdleAndSlowClientsButNotBusyOnes() throws Exception {
        ServerLimits limits = new ServerLimits(32 * 1024, 8 * 1024, Duration.ofMillis(700));
        HttpServer strict = startProxy(limits, forwarder, lane);
        try (Socket silent = new Socket("127.0.0.1", strict.actualPort());
                Socket slow = new Socket("127.0.0.1", strict.actualPort());
                Socket busy = new Socket("127.0.0.1", strict.actualPort())) {
            slow.getOutputStream().write("GET /a HTTP/1.1\r\nHost: t\r\n".getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            // the busy client keeps asking on one connection for twice the timeout: fast-path traffic is activity
            busy.setSoTimeout(5000);
            BufferedReader busyIn = new BufferedReader(new InputStreamReader(busy.getInputStream(),
                    StandardCharsets.US_ASCII));
            for (int i = 0; System.nanoTime() - started < Duration.ofMillis(1400).toNanos(); i++) {
                busy.getOutputStream().write(("GET /busy" + i + " HTTP/1.1\r\nHost: t\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                assertThat(readResponseBody(busyIn)).isEqualTo("tool GET /busy" + i + " ");
            }
            silent.setSoTimeout(10_000);
            slow.setSoTimeout(10_000);
            assertThat(silent.getInputStream().read()).as("silent connection closed").isEqualTo(-1);
            assertThat(slow.getInputStream().read()).as("incomplete head: connection closed").isEqualTo(-1);
        } finally {
            await(strict.close());
        }
    }

    /** Reads one response with a Content-Length from {@code in} and returns its body. */
    private static String readResponseBody(BufferedReader in) throws Exception {
        int length = -1;
        String line;
        while (!(line = in.readLine()).isEmpty()) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        char[] body = new char[length];
        int read = 0;
        while (read < length) {
            read += in.read(body, read, length - read);
        }
        return new String(body);
    }
}
