package io.dataworkspace.proxy.forward;

import static io.dataworkspace.proxy.forward.ForwardFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WebSocketForwardingIT {

    private static final String JUPYTER = "v1.kernel.websocket.jupyter.org";
    private static ForwardFixture fixture;
    private static WebSocketClient wsClient;
    /** Close codes the tool received from browsers. */
    private static final LinkedBlockingQueue<Short> toolSawClose = new LinkedBlockingQueue<>();
    private static final long FLOOD = 256L << 20;
    private static final java.util.concurrent.atomic.AtomicLong flooded = new java.util.concurrent.atomic.AtomicLong();

    @BeforeAll
    static void start() {
        // a short response timeout: a tunnel must outlive it
        ForwardOptions options = ForwardOptions.DEFAULTS.withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(400),
                Duration.ofMinutes(5));
        fixture = ForwardFixture.start(options, new HttpServerOptions().setWebSocketSubProtocols(List.of(JUPYTER)),
                server -> server.webSocketHandshakeHandler(h -> {
                    if (h.path().equals("/refuse")) {
                        h.reject(403);
                    } else {
                        h.accept();
                    }
                }).webSocketHandler(ws -> {
                    ws.textMessageHandler(msg -> {
                        if (msg.equals("tool, please close")) {
                            ws.close((short) 4001, "tool says bye");
                        } else if (msg.equals("flood")) {
                            flood(ws);
                        } else if (msg.equals("push")) {
                            ws.writeTextMessage("pushed by the tool");
                        } else {
                            ws.writeTextMessage("echo:" + msg);
                        }
                    });
                    ws.binaryMessageHandler(ws::writeBinaryMessage);
                    ws.closeHandler(v -> {
                        if (ws.closeStatusCode() != null) {
                            toolSawClose.add(ws.closeStatusCode());
                        }
                    });
                }),
                req -> req.response().setStatusCode(404).end(), true, true);
        wsClient = fixture.vertx.createWebSocketClient();
    }

    /** Sends 256 MiB of binary frames as fast as the connection takes them, counting what it accepted. */
    private static void flood(io.vertx.core.http.ServerWebSocket ws) {
        Buffer frame = Buffer.buffer(new byte[64 * 1024]);
        io.vertx.core.Handler<Void> fill = new io.vertx.core.Handler<>() {
            @Override
            public void handle(Void v) {
                while (!ws.writeQueueFull() && flooded.get() < FLOOD) {
                    ws.writeBinaryMessage(frame);
                    flooded.addAndGet(frame.length());
                }
                if (flooded.get() < FLOOD) {
                    ws.drainHandler(this);
                }
            }
        };
        fill.handle(null);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static WebSocket connect(String path) {
        return await(wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(fixture.proxyPort)
                .setURI(path).addSubProtocol(JUPYTER)));
    }

    private static Future<String> nextText(WebSocket ws) {
        Promise<String> p = Promise.promise();
        ws.textMessageHandler(p::tryComplete);
        return p.future();
    }

    @Test
    void shouldEchoBothWaysWithTheNegotiatedSubprotocol() {
        long framesBefore = fixture.activity.webSocketDataFrames();
        WebSocket ws = connect("/user/alice/api/kernels/1/channels");
        assertThat(ws.subProtocol()).isEqualTo(JUPYTER);

        Future<String> echo = nextText(ws);
        ws.writeTextMessage("1+1");
        assertThat(await(echo)).isEqualTo("echo:1+1");

        Future<String> pushed = nextText(ws);
        ws.writeTextMessage("push");
        assertThat(await(pushed)).isEqualTo("pushed by the tool");

        Promise<Buffer> binary = Promise.promise();
        ws.binaryMessageHandler(binary::tryComplete);
        Buffer big = Buffer.buffer(new byte[200_000]).setByte(199_999, (byte) 7);
        ws.writeBinaryMessage(big);
        assertThat(await(binary.future())).isEqualTo(big);

        Promise<Buffer> pong = Promise.promise();
        ws.pongHandler(pong::tryComplete);
        ws.writePing(Buffer.buffer("are you there"));
        assertThat(await(pong.future()).toString()).isEqualTo("are you there");

        assertThat(fixture.activity.webSocketDataFrames() - framesBefore).isGreaterThanOrEqualTo(6);
        assertThat(fixture.activity.webSocketControlFrames()).isGreaterThanOrEqualTo(2);
        await(ws.close());
    }

    @Test
    void shouldPassABrowserCloseToTheTool() throws Exception {
        int open = fixture.listener.openWebSockets.get();
        toolSawClose.clear();
        WebSocket ws = connect("/user/alice/ws");
        Poll.until("the tunnel to open", Duration.ofSeconds(5), () -> fixture.listener.openWebSockets.get() == open + 1);
        await(ws.close((short) 4000, "browser tab closed"));
        assertThat(toolSawClose.poll(5, TimeUnit.SECONDS)).isEqualTo((short) 4000);
        Poll.until("the tunnel to close", Duration.ofSeconds(5), () -> fixture.listener.openWebSockets.get() == open);
    }

    @Test
    void shouldPassAToolCloseToTheBrowser() {
        WebSocket ws = connect("/user/alice/ws");
        CompletableFuture<Short> closed = new CompletableFuture<>();
        ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
        ws.writeTextMessage("tool, please close");
        assertThat(closed).succeedsWithin(5, TimeUnit.SECONDS).isEqualTo((short) 4001);
        assertThat(ws.closeReason()).isEqualTo("tool says bye");
    }

    @Test
    void shouldKeepAQuietTunnelOpenPastTheResponseTimeout() {
        WebSocket ws = connect("/user/alice/ws");
        await(fixture.vertx.timer(1200)); // three response timeouts of silence
        Future<String> echo = nextText(ws);
        ws.writeTextMessage("still there?");
        assertThat(await(echo)).isEqualTo("echo:still there?");
        await(ws.close());
    }

    /**
     * A tool that streams faster than the browser reads must be slowed down, not buffered: with a raw client that
     * stops reading, what the tool manages to send stalls at a few socket buffers; then everything arrives.
     */
    @Test
    void shouldApplyBackpressureFromASlowBrowserToTheTool() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", fixture.proxyPort)) {
            socket.setSoTimeout(20_000);
            java.io.OutputStream out = socket.getOutputStream();
            java.io.InputStream in = socket.getInputStream();
            out.write(("GET /user/alice/ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            while (head.indexOf("\r\n\r\n") < 0) {
                head.append((char) in.read());
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101").contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            // a masked text frame "flood"
            byte[] mask = {1, 2, 3, 4};
            byte[] text = "flood".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] frame = new byte[2 + 4 + text.length];
            frame[0] = (byte) 0x81;
            frame[1] = (byte) (0x80 | text.length);
            System.arraycopy(mask, 0, frame, 2, 4);
            for (int i = 0; i < text.length; i++) {
                frame[6 + i] = (byte) (text[i] ^ mask[i % 4]);
            }
            out.write(frame);
            long stalledAt = Poll.untilStable("the tool's stream to stall", Duration.ofMillis(400), Duration.ofSeconds(20),
                    flooded::get);
            assertThat(stalledAt).as("bytes the tool could send while the browser read nothing").isLessThan(64L << 20);

            byte[] buf = new byte[256 * 1024];
            long total = 0;
            long expected = FLOOD + (FLOOD / (64 * 1024)) * 10; // a 64 KiB payload needs the 10-byte header
            int n;
            while (total < expected && (n = in.read(buf)) > 0) {
                total += n;
            }
            assertThat(total).isEqualTo(expected);
        }
    }

    @Test
    void shouldRelayARefusedUpgrade() {
        assertThatThrownBy(() -> connect("/refuse"))
                .hasCauseInstanceOf(java.util.concurrent.ExecutionException.class)
                .rootCause().isInstanceOf(UpgradeRejectedException.class)
                .satisfies(e -> assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(403));
    }
}
