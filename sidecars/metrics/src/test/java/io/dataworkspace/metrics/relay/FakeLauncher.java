package io.dataworkspace.metrics.relay;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the launcher's container-credentials endpoint on a loopback port chosen by the OS: answers
 * {@code GET /task-credentials/aws} with the ECS container-credentials document when the {@code Authorization}
 * header is the expected token, 403 otherwise; or hangs, or answers an oversized body, on demand.
 */
final class FakeLauncher implements AutoCloseable {

    static final String ACCESS_KEY_ID = "ASIAFAKERELAYTEST0001";
    static final String SECRET_ACCESS_KEY = "fake/secret+key/for-the-relay-test-000000";
    static final String SESSION_TOKEN = "FwoGZXIvYXdzEFakeSessionTokenForTheRelayTest";

    /** What the endpoint does. */
    enum Mode { SERVE, HANG, HUGE }

    /** One request as the launcher saw it. */
    record Seen(String method, String path, Map<String, List<String>> headers) {
    }

    private final String token;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-launcher");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.SERVE;

    FakeLauncher(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange exchange) throws IOException {
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                Map.copyOf(exchange.getRequestHeaders())));
        try (exchange) {
            if (mode == Mode.HANG) {
                awaitClose();
                return;
            }
            if (!"/task-credentials/aws".equals(exchange.getRequestURI().getPath())) {
                send(exchange, 404, "{\"error\":\"not found\"}");
                return;
            }
            String given = exchange.getRequestHeaders().getFirst("Authorization");
            if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                    token.getBytes(StandardCharsets.UTF_8))) {
                send(exchange, 403, "{\"error\":\"unknown, revoked or expired task token\"}");
                return;
            }
            if (mode == Mode.HUGE) {
                send(exchange, 200, "{\"padding\":\"" + "x".repeat(70 * 1024) + "\"}");
                return;
            }
            send(exchange, 200, "{\"AccessKeyId\":\"" + ACCESS_KEY_ID + "\",\"SecretAccessKey\":\""
                    + SECRET_ACCESS_KEY + "\",\"Token\":\"" + SESSION_TOKEN + "\",\"Expiration\":\""
                    + java.time.Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + "\"}");
        }
    }

    private void awaitClose() {
        try {
            closing.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
