package io.dataworkspace.s3sync.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dataworkspace.s3sync.engine.Health;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves {@code GET /healthz} (200 or 503 with a JSON body) and {@code GET /metrics} (Prometheus text). */
public final class StatusServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);

    private final HttpServer server;

    /**
     * @param host     address to bind
     * @param port     port (0 = any free one)
     * @param health   current health
     * @param registry metrics
     * @throws IOException when the port cannot be bound
     */
    public StatusServer(String host, int port, Supplier<Health> health, PrometheusMeterRegistry registry)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "s3sync-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", ex -> {
            try (ex) {
                if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                    send(ex, 405, "text/plain", "method not allowed: use GET\n");
                    return;
                }
                switch (ex.getRequestURI().getPath()) {
                    case "/healthz" -> {
                        Health h = health.get();
                        send(ex, h.ok() ? 200 : 503, "application/json", json(h));
                    }
                    case "/metrics" -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
                    default -> send(ex, 404, "text/plain", "not found: try /healthz or /metrics\n");
                }
            } catch (RuntimeException e) {
                LOG.warn("status request failed: {}", e.toString());
            }
        });
        server.start();
    }

    /** @return the bound port */
    public int port() {
        return server.getAddress().getPort();
    }

    private static String json(Health h) {
        return String.format(Locale.ROOT, "{\"status\":\"%s\",\"detail\":\"%s\",\"listingAgeSeconds\":%.1f,\"pending\":%d}%n",
                h.ok() ? "ok" : "failing", h.detail().replace("\\", "\\\\").replace("\"", "\\\""), h.listingAgeSeconds(),
                h.pending());
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head ? -1 : b.length);
        if (!head) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(b);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
