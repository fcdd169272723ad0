package io.dataworkspace.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 1 GiB each way through the proxy, with a reader that stops reading first: the bytes the writer manages to push
 * must stall at a few socket buffers (backpressure reaches the far end) instead of piling up in the proxy, then the
 * whole body must arrive intact once the reader resumes.
 */
@ParameterizedClass(name = "fast path: {0}")
@ValueSource(booleans = {true, false})
class StreamingIT {

    /** Whether the proxy has the fast path in front of its server (production) or only the full handler. */
    @Parameter
    boolean fastPath;

    private static final long GIB = 1L << 30;
    /** Loopback socket buffers of two connections plus Vert.x write queues stay well below this. */
    private static final long STALL_BOUND = 64L << 20;
    private static final Duration QUIET = Duration.ofMillis(400);

    private static ForwardFixture fixture;
    private static final AtomicLong produced = new AtomicLong();
    private static final AtomicLong received = new AtomicLong();
    private static final AtomicReference<Runnable> resumeUpload = new AtomicReference<>();

    @BeforeParameterizedClassInvocation
    static void start(boolean fastPath) {
        produced.set(0);
        received.set(0);
        resumeUpload.set(null);
        fixture = ForwardFixture.start(ForwardOptions.DEFAULTS, req -> {
            if (req.path().equals("/download")) {
                download(req.response());
            } else {
                upload(req);
            }
        }, fastPath);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        fixture.close();
    }

    /** Writes 1 GiB as fast as the connection accepts it, counting what was accepted. */
    private static void download(HttpServerResponse response) {
        Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
        response.putHeader("Content-Length", Long.toString(GIB));
        Handler<Void> fill = new Handler<>() {
            @Override
            public void handle(Void v) {
                while (!response.writeQueueFull() && produced.get() < GIB) {
                    response.write(chunk);
                    if (produced.addAndGet(chunk.length()) == GIB) {
                        response.end();
                        return;
                    }
                }
                response.drainHandler(this);
            }
        };
        fill.handle(null);
    }

    /** Holds the body unread until the test says so, then counts it. */
    private static void upload(HttpServerRequest req) {
        req.pause();
        Context context = Vertx.currentContext();
        req.handler(b -> received.addAndGet(b.length()));
        req.endHandler(v -> req.response().end("got " + received.get()));
        resumeUpload.set(() -> context.runOnContext(v -> req.resume()));
    }

    @Test
    void shouldStreamAGibibyteDownloadWithBackpressure() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", fixture.proxyPort)) {
            socket.getOutputStream().write("GET /download HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            long stalledAt = Poll.untilStable("the download to stall", QUIET, Duration.ofSeconds(20), produced::get);
            assertThat(stalledAt).as("bytes the tool could push while nobody read").isLessThan(STALL_BOUND);

            InputStream in = socket.getInputStream();
            skipHead(in);
            byte[] buf = new byte[256 * 1024];
            long total = 0;
            int n;
            while (total < GIB && (n = in.read(buf)) > 0) {
                total += n;
            }
            assertThat(total).isEqualTo(GIB);
            assertThat(produced.get()).isEqualTo(GIB);
            assertThat(fixture.activity.bytesToClient()).isGreaterThanOrEqualTo(GIB);
        }
    }

    @Test
    void shouldStreamAGibibyteUploadWithBackpressure() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", fixture.proxyPort)) {
            OutputStream out = socket.getOutputStream();
            AtomicLong sent = new AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    out.write(("PUT /upload HTTP/1.1\r\nHost: a\r\nContent-Length: " + GIB + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = new byte[256 * 1024];
                    while (sent.get() < GIB) {
                        out.write(chunk);
                        sent.addAndGet(chunk.length);
                    }
                    out.flush();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            long stalledAt = Poll.untilStable("the upload to stall", QUIET, Duration.ofSeconds(20), sent::get);
            assertThat(stalledAt).as("bytes the browser could push while the tool read nothing").isLessThan(STALL_BOUND);
            assertThat(received.get()).isZero();

            Poll.until("the tool to hold the upload", Duration.ofSeconds(5), () -> resumeUpload.get() != null);
            resumeUpload.get().run();
            writer.get(60, TimeUnit.SECONDS);
            socket.setSoTimeout(30_000);
            InputStream in = socket.getInputStream();
            String expected = "got " + GIB;
            StringBuilder response = new StringBuilder();
            int c;
            while (response.indexOf(expected) < 0 && (c = in.read()) >= 0) {
                response.append((char) c);
            }
            assertThat(response.toString()).startsWith("HTTP/1.1 200").endsWith(expected);
            assertThat(received.get()).isEqualTo(GIB);
            assertThat(fixture.activity.bytesToUpstream()).isGreaterThanOrEqualTo(GIB);
        }
    }

    private static void skipHead(InputStream in) throws IOException {
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                throw new AssertionError("connection closed in the response head");
            }
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
    }
}
