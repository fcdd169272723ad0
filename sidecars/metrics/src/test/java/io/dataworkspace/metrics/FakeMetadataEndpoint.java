package io.dataworkspace.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the ECS task metadata endpoint v4 on a loopback port chosen by the OS. Each path's
 * behaviour can be changed while it runs: serve a body, answer a status, hang before or after the
 * headers (until {@link #close()}).
 */
public final class FakeMetadataEndpoint implements AutoCloseable {

    /** What the endpoint does for one path. */
    public sealed interface Behaviour {
    }

    /** @param body served with status 200 */
    public record Serve(byte[] body) implements Behaviour {
    }

    /** @param status answered with a short body */
    public record Status(int status) implements Behaviour {
    }

    /** @param body served with status 200 in chunked transfer encoding, as Go's net/http does for large bodies */
    public record ServeChunked(byte[] body) implements Behaviour {
    }

    /** Sends headers, then one byte of body every 50 ms, never finishing (until the endpoint closes). */
    public record Dribble() implements Behaviour {
    }

    /** Never answers (until the endpoint closes). */
    public record Hang() implements Behaviour {
    }

    /** Sends headers and the first byte of a body, then never finishes. */
    public record HangAfterHeaders() implements Behaviour {
    }

    /** Base path, like ECS's {@code /v4/<id>}. */
    private static final String BASE = "/v4/6f3a1c0e2b7d4e9a8c5b4a3f2e1d0c9b-3311270098";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-metadata");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);

    /**
     * Starts serving {@code src/test/resources/ecs/fargate-task.json} and {@code fargate-task-stats.json}.
     *
     * @throws IOException if no port can be bound
     */
    public FakeMetadataEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        serve("/task", fixture("fargate-task.json"));
        serve("/task/stats", fixture("fargate-task-stats.json"));
        server.start();
    }

    /**
     * @param name a file under {@code src/test/resources/ecs}
     * @return its bytes
     */
    public static byte[] fixture(String name) {
        try (InputStream in = FakeMetadataEndpoint.class.getResourceAsStream("/ecs/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return what to put in {@code ECS_CONTAINER_METADATA_URI_V4} */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + BASE);
    }

    /**
     * @param path     {@code /task} or {@code /task/stats}
     * @param behaviour what to do from now on
     */
    public void set(String path, Behaviour behaviour) {
        behaviours.put(path, behaviour);
    }

    /**
     * @param path {@code /task} or {@code /task/stats}
     * @param body served from now on
     */
    public void serve(String path, byte[] body) {
        set(path, new Serve(body));
    }

    /**
     * @param path {@code /task} or {@code /task/stats}
     * @return requests received for it
     */
    public int hits(String path) {
        return hits.computeIfAbsent(path, p -> new AtomicInteger()).get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!path.startsWith(BASE)) {
                respond(exchange, 404, "unknown path".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String sub = path.substring(BASE.length());
            hits.computeIfAbsent(sub, p -> new AtomicInteger()).incrementAndGet();
            Behaviour b = behaviours.get(sub);
            if (b == null) {
                respond(exchange, 404, "unknown path".getBytes(StandardCharsets.UTF_8));
            } else if (b instanceof Serve s) {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                respond(exchange, 200, s.body());
            } else if (b instanceof ServeChunked s) {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int i = 0; i < s.body().length; i += 1000) {
                        out.write(s.body(), i, Math.min(1000, s.body().length - i));
                        out.flush();
                    }
                }
            } else if (b instanceof Status s) {
                respond(exchange, s.status(), "failure injected by the test".getBytes(StandardCharsets.UTF_8));
            } else if (b instanceof Dribble) {
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                out.write('[');
                out.flush();
                while (!release.await(50, TimeUnit.MILLISECONDS)) {
                    out.write(' ');
                    out.flush();
                }
            } else if (b instanceof Hang) {
                awaitRelease();
            } else {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                out.write('{');
                out.flush();
                awaitRelease();
            }
        } catch (IOException e) {
            // the client gave up (timeout): expected in the slow-endpoint tests
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitRelease() {
        try {
            release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
