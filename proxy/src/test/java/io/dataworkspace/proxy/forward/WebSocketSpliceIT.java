package io.dataworkspace.proxy.forward;

import static io.dataworkspace.proxy.forward.ForwardFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.config.Env;
import io.dataworkspace.server.NetworkTransport;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The spliced tunnel at the TCP level: a raw tool (a plain server socket that answers the upgrade by hand) and a raw
 * browser, so that half-closes, closes, bytes sent right behind the {@code 101}, backpressure towards a tool that
 * stops reading and the idle timeout are observed exactly, along with the activity counts.
 */
class WebSocketSpliceIT {

    private static final Duration IDLE = Duration.ofMillis(400);
    private static Vertx vertx;
    private static RawTool tool;
    private static Proxy proxy;
    private static Proxy quickIdleProxy;
    private static Proxy toNowhere;

    /** A proxy server in front of the raw tool. */
    private record Proxy(HttpServer server, ForwardFixture.RecordingListener listener, ActivityCounters activity) {
        int port() {
            return server.actualPort();
        }
    }

    @BeforeAll
    static void start() throws IOException {
        vertx = NetworkTransport.vertx(Env.system(), new VertxOptions());
        tool = new RawTool();
        ForwardOptions options = ForwardOptions.DEFAULTS.withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(400),
                Duration.ofMinutes(5));
        proxy = startProxy(options, tool.port());
        quickIdleProxy = startProxy(ForwardOptions.DEFAULTS.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5),
                IDLE), tool.port());
        toNowhere = startProxy(options, ForwardFixture.freePort());
    }

    private static Proxy startProxy(ForwardOptions options, int toolPort) {
        ForwardFixture.RecordingListener listener = new ForwardFixture.RecordingListener();
        ActivityCounters activity = new ActivityCounters(System::currentTimeMillis, 0);
        Forwarder forwarder = Forwarder.create(vertx, options, listener);
        HttpServerOptions serverOptions = ServerLimits.DEFAULTS.apply(new HttpServerOptions());
        HttpServer server = vertx.createHttpServer(serverOptions);
        ServerLimits.install(server, serverOptions);
        Upstream target = new Upstream("127.0.0.1", toolPort);
        server.requestHandler(req -> forwarder.forward(req, target, ForwardFixture.ALICE, activity));
        await(server.listen(0, "127.0.0.1"));
        return new Proxy(server, listener, activity);
    }

    /** Each test starts with no tunnel open, so counts of open tunnels are not disturbed by an earlier test's. */
    @BeforeEach
    void noTunnelOpen() {
        Poll.until("earlier tests' tunnels to close", Duration.ofSeconds(10),
                () -> proxy.listener.openWebSockets.get() == 0 && quickIdleProxy.listener.openWebSockets.get() == 0);
    }

    @AfterEach
    void dropUnusedToolConnections() throws IOException {
        Socket s;
        while ((s = tool.accepted.poll()) != null) {
            s.close();
        }
    }

    @AfterAll
    static void stop() throws IOException {
        tool.close();
        await(vertx.close());
    }

    @Test
    void shouldPassWhatTheToolSendsRightBehindItsSwitchingProtocols() throws Exception {
        long toClient = proxy.activity.bytesToClient();
        long frames = proxy.activity.webSocketDataFrames();
        try (Socket browser = upgrade(proxy); Socket t = tool.next()) {
            String head = readHead(t.getInputStream());
            assertThat(head).startsWith("GET /user/alice/ws HTTP/1.1\r\n").containsIgnoringCase("upgrade: websocket")
                    .containsIgnoringCase("connection: upgrade").contains("Sec-WebSocket-Key: ")
                    .contains("X-Workspace-User-Id: 42");
            byte[] hello = frame(false, "hello from the tool".getBytes(StandardCharsets.US_ASCII));
            // the 101 and the first frame in one write: the proxy reads them in one buffer
            t.getOutputStream().write(concat(switchingProtocols(), hello));
            assertThat(readHead(browser.getInputStream())).startsWith("HTTP/1.1 101")
                    .contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            assertThat(browser.getInputStream().readNBytes(hello.length)).isEqualTo(hello);
            Poll.until("the frame to be counted", Duration.ofSeconds(5),
                    () -> proxy.activity.webSocketDataFrames() == frames + 1);
            assertThat(proxy.activity.bytesToClient() - toClient).isEqualTo(hello.length);
        }
    }

    @Test
    void shouldPassTheBrowsersHalfCloseToTheToolAndThenTheToolsClose() throws Exception {
        int open = proxy.listener.openWebSockets.get();
        try (Socket browser = upgrade(proxy); Socket t = open(proxy, browser)) {
            browser.shutdownOutput(); // FIN from the browser
            assertThat(t.getInputStream().read()).as("the tool sees the end of the browser's stream").isEqualTo(-1);
            byte[] last = frame(false, "still talking".getBytes(StandardCharsets.US_ASCII));
            t.getOutputStream().write(last); // the other direction still works
            assertThat(browser.getInputStream().readNBytes(last.length)).isEqualTo(last);
            t.close();
            assertThat(browser.getInputStream().read()).as("the tool's close reaches the browser").isEqualTo(-1);
            Poll.until("the tunnel to close", Duration.ofSeconds(5),
                    () -> proxy.listener.openWebSockets.get() == open);
        }
    }

    @Test
    void shouldPassTheToolsHalfCloseToTheBrowserAndThenTheBrowsersClose() throws Exception {
        int open = proxy.listener.openWebSockets.get();
        try (Socket browser = upgrade(proxy); Socket t = open(proxy, browser)) {
            t.shutdownOutput();
            assertThat(browser.getInputStream().read()).as("the browser sees the end of the tool's stream")
                    .isEqualTo(-1);
            byte[] last = frame(true, "bye".getBytes(StandardCharsets.US_ASCII));
            browser.getOutputStream().write(last);
            assertThat(t.getInputStream().readNBytes(last.length)).isEqualTo(last);
            browser.close();
            assertThat(t.getInputStream().read()).as("the browser's close reaches the tool").isEqualTo(-1);
            Poll.until("the tunnel to close", Duration.ofSeconds(5),
                    () -> proxy.listener.openWebSockets.get() == open);
        }
    }

    @Test
    void shouldCloseTheToolSideWhenTheBrowserDisappears() throws Exception {
        int open = proxy.listener.openWebSockets.get();
        Socket browser = upgrade(proxy);
        try (Socket t = open(proxy, browser)) {
            browser.setSoLinger(true, 0);
            browser.close(); // a reset, as a crashed browser leaves it
            t.setSoTimeout(10_000);
            assertThat(readToEnd(t.getInputStream())).isEqualTo(-1);
            Poll.until("the tunnel to close", Duration.ofSeconds(5),
                    () -> proxy.listener.openWebSockets.get() == open);
        }
    }

    /**
     * A tool that stops reading stops the browser's upload at a few socket buffers (the proxy does not queue it);
     * once the tool reads again every byte arrives, in order, and every frame is counted.
     */
    @Test
    void shouldStopReadingTheBrowserWhileTheToolDoesNotRead() throws Exception {
        long framesBefore = proxy.activity.webSocketDataFrames();
        long upBefore = proxy.activity.bytesToUpstream();
        byte[] payload = new byte[1 << 20];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31 + 7);
        }
        byte[] oneFrame = frame(true, payload);
        int frames = 96; // 96 MiB: far more than the socket buffers on the way
        try (Socket browser = upgrade(proxy); Socket t = open(proxy, browser)) {
            AtomicLong sent = new AtomicLong();
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = browser.getOutputStream();
                    for (int i = 0; i < frames; i++) {
                        out.write(oneFrame);
                        sent.addAndGet(oneFrame.length);
                    }
                } catch (IOException e) {
                    sent.set(-1);
                }
            }, "browser-upload");
            writer.setDaemon(true);
            writer.start();
            long stalledAt = Poll.untilStable("the upload to stall", Duration.ofMillis(500), Duration.ofSeconds(30),
                    sent::get);
            assertThat(stalledAt).as("bytes the browser could send while the tool read nothing")
                    .isPositive().isLessThan(48L << 20);

            InputStream in = t.getInputStream();
            t.setSoTimeout(30_000);
            for (int i = 0; i < frames; i++) {
                assertThat(in.readNBytes(oneFrame.length)).as("frame %d", i).isEqualTo(oneFrame);
            }
            writer.join(10_000);
            assertThat(sent.get()).isEqualTo((long) frames * oneFrame.length);
        }
        assertThat(proxy.activity.bytesToUpstream() - upBefore).isEqualTo((long) frames * oneFrame.length);
        Poll.until("every frame to be counted", Duration.ofSeconds(5),
                () -> proxy.activity.webSocketDataFrames() - framesBefore == frames);
    }

    @Test
    void shouldCloseATunnelQuietForTheIdleTimeoutButNotABusyOne() throws Exception {
        int open = quickIdleProxy.listener.openWebSockets.get();
        try (Socket browser = upgrade(quickIdleProxy); Socket t = open(quickIdleProxy, browser)) {
            // traffic every 100 ms for three idle timeouts keeps it open
            byte[] ping = frame(true, new byte[] {1});
            long until = System.nanoTime() + IDLE.multipliedBy(3).toNanos();
            long quietFrom = 0;
            while (System.nanoTime() < until) {
                browser.getOutputStream().write(ping);
                assertThat(t.getInputStream().readNBytes(ping.length)).isEqualTo(ping);
                quietFrom = System.nanoTime();
                await(vertx.timer(100));
            }
            assertThat(quickIdleProxy.listener.openWebSockets.get()).isEqualTo(open + 1);
            // then silence: both sides are closed
            browser.setSoTimeout(10_000);
            t.setSoTimeout(10_000);
            assertThat(browser.getInputStream().read()).isEqualTo(-1);
            assertThat(t.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - quietFrom)).isGreaterThanOrEqualTo(IDLE.minusMillis(50));
            Poll.until("the tunnel to close", Duration.ofSeconds(5),
                    () -> quickIdleProxy.listener.openWebSockets.get() == open);
        }
    }

    @Test
    void shouldRelayARefusalWithItsBodyAndNotReuseTheToolConnection() throws Exception {
        try (Socket browser = upgrade(proxy); Socket t = tool.next()) {
            readHead(t.getInputStream());
            t.getOutputStream().write(("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n"
                    + "\r\nnot yours").getBytes(StandardCharsets.US_ASCII));
            String head = readHead(browser.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 403").containsIgnoringCase("content-length: 9");
            assertThat(new String(browser.getInputStream().readNBytes(9), StandardCharsets.US_ASCII))
                    .isEqualTo("not yours");
            assertThat(t.getInputStream().read()).as("the tool's connection is closed after a refusal").isEqualTo(-1);
        }
    }

    @Test
    void shouldAnswer502WhenNothingListensAnd504WhenTheToolDoesNotAnswer() throws Exception {
        try (Socket browser = upgrade(toNowhere)) {
            assertThat(readHead(browser.getInputStream())).startsWith("HTTP/1.1 502");
        }
        int failures = proxy.listener.failures.size();
        try (Socket browser = upgrade(proxy); Socket t = tool.next()) {
            readHead(t.getInputStream()); // and never answer: the response timeout is 400 ms
            assertThat(readHead(browser.getInputStream())).startsWith("HTTP/1.1 504");
            assertThat(t.getInputStream().read()).as("the silent tool's connection is closed").isEqualTo(-1);
        }
        assertThat(proxy.listener.failures.subList(failures, proxy.listener.failures.size()))
                .containsExactly(UpstreamFailure.RESPONSE_TIMEOUT);
    }

    // ---------------------------------------------------------------- helpers

    /** Connects a raw browser to {@code p} and sends the upgrade request. */
    private static Socket upgrade(Proxy p) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), p.port());
        s.setSoTimeout(20_000);
        s.getOutputStream().write(("GET /user/alice/ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    /** Takes the tool's side of the upgrade sent by {@code browser}, answers 101 and waits for the tunnel. */
    private static Socket open(Proxy p, Socket browser) throws Exception {
        int before = p.listener.openedWebSockets.get();
        Socket t = tool.next();
        readHead(t.getInputStream());
        t.getOutputStream().write(switchingProtocols());
        assertThat(readHead(browser.getInputStream())).startsWith("HTTP/1.1 101");
        Poll.until("the tunnel to open", Duration.ofSeconds(5), () -> p.listener.openedWebSockets.get() > before);
        return t;
    }

    private static byte[] switchingProtocols() {
        return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads until the end of the stream or a reset: -1 either way. */
    private static int readToEnd(InputStream in) {
        try {
            byte[] buf = new byte[8192];
            while (in.read(buf) >= 0) {
                // discard
            }
        } catch (IOException reset) {
            // the connection was reset: as good as closed
        }
        return -1;
    }

    /** A final binary frame (masked as browsers send them when {@code masked}). */
    private static byte[] frame(boolean masked, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x82);
        int mask = masked ? 0x80 : 0;
        int n = payload.length;
        if (n < 126) {
            f.write(mask | n);
        } else if (n <= 0xffff) {
            f.write(mask | 126);
            f.write(n >>> 8);
            f.write(n);
        } else {
            f.write(mask | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                f.write((int) ((long) n >>> shift));
            }
        }
        byte[] key = {0x11, 0x22, 0x33, 0x44};
        if (masked) {
            f.writeBytes(key);
        }
        for (int i = 0; i < n; i++) {
            f.write(masked ? payload[i] ^ key[i & 3] : payload[i]);
        }
        return f.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** A tool that accepts connections and hands them to the test, which speaks HTTP and WebSocket by hand. */
    private static final class RawTool implements AutoCloseable {
        final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
        private final ServerSocket server;

        RawTool() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        s.setSoTimeout(20_000);
                        accepted.add(s);
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "raw-tool-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        Socket next() throws InterruptedException {
            Socket s = accepted.poll(10, TimeUnit.SECONDS);
            if (s == null) {
                throw new AssertionError("the proxy did not connect to the tool");
            }
            return s;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
