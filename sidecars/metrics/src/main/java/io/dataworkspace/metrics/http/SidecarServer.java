package io.dataworkspace.metrics.http;

import com.sun.net.httpserver.HttpExchange;
import io.dataworkspace.metrics.collect.Scraper;
import io.dataworkspace.metrics.ecs.Failure;
import io.dataworkspace.metrics.ecs.Fetch;
import io.dataworkspace.metrics.ecs.Snapshot;
import io.dataworkspace.metrics.ecs.TaskMetadata;
import io.dataworkspace.metrics.exposition.MetricFamily;
import io.dataworkspace.metrics.exposition.PrometheusTextWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar's HTTP server (the JDK's built-in one): {@code GET /metrics}, {@code GET /cpu},
 * {@code GET /healthz}. Each request collects from the metadata endpoint itself; nothing is cached.
 * One JSON access-log line per request, with a correlation id.
 */
public final class SidecarServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SidecarServer.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("access");
    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String PATHS = "/metrics, /cpu, /healthz";

    private final Listener listener;
    private final Scraper scraper;
    private final Supplier<List<MetricFamily>> extraFamilies;
    private final PrometheusTextWriter writer = new PrometheusTextWriter();
    private final JsonWriter json = new JsonWriter();
    private final CpuReport cpuReport;
    private final SecureRandom random = new SecureRandom();

    /** What a handler answers. */
    private record Response(int status, String contentType, byte[] body) {
        static Response text(int status, String body) {
            return new Response(status, TEXT, (body + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Binds and starts the server.
     *
     * @param host    bind address
     * @param port    port, 0 for any free one
     * @param scraper does the collection
     * @param extraFamilies further series of the sidecar's own (the credentials relay's), appended to every scrape
     * @throws IOException when the address cannot be bound
     */
    public SidecarServer(String host, int port, Scraper scraper, Supplier<List<MetricFamily>> extraFamilies)
            throws IOException {
        this.scraper = scraper;
        this.extraFamilies = extraFamilies;
        this.cpuReport = new CpuReport(json, scraper.collector());
        this.listener = new Listener(new InetSocketAddress(host, port), 2, "http", this::handle);
    }

    /** @return the bound port */
    public int port() {
        return listener.port();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        String id = correlationId(exchange);
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        Response response;
        try {
            response = route(method, path);
        } catch (RuntimeException e) {
            LOG.error("request {} {} failed (id {})", method, path, id, e);
            response = Response.text(500, "internal error (correlation id " + id + ")");
        }
        exchange.getResponseHeaders().set("X-Request-Id", id);
        if (response.status() == 405) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        }
        try {
            HttpResponses.send(exchange, response.status(), response.contentType(), response.body());
        } catch (IOException e) {
            LOG.info("client went away during {} {} (id {}): {}", method, path, id, e.getMessage());
        }
        if (ACCESS.isInfoEnabled()) {
            ACCESS.info("{\"id\":\"{}\",\"method\":\"{}\",\"path\":\"{}\",\"status\":{},\"ms\":{}}", id,
                    HttpResponses.jsonEscape(method), HttpResponses.jsonEscape(path), response.status(), (System.nanoTime() - start) / 1_000_000);
        }
    }

    private Response route(String method, String path) {
        boolean known = switch (path) {
            case "/metrics", "/cpu", "/healthz" -> true;
            default -> false;
        };
        if (!known) {
            return Response.text(404, "not found: " + path + " (expected one of " + PATHS + ")");
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return Response.text(405, "method " + method + " not allowed on " + path + " (expected: GET)");
        }
        return switch (path) {
            case "/metrics" -> metrics();
            case "/cpu" -> cpu();
            default -> health();
        };
    }

    private Response metrics() {
        Scraper.Scrape scrape = scraper.scrape();
        List<MetricFamily> families = new ArrayList<>(scrape.collected().families());
        families.addAll(scraper.self().families());
        families.addAll(extraFamilies.get());
        return new Response(200, PrometheusTextWriter.CONTENT_TYPE,
                writer.write(families).getBytes(StandardCharsets.UTF_8));
    }

    private Response cpu() {
        Snapshot snapshot = scraper.scrape().snapshot();
        if (snapshot instanceof Snapshot.Complete complete) {
            return new Response(200, JSON, cpuReport.render(complete));
        }
        Failure failure = snapshot instanceof Snapshot.Unavailable u ? u.failure()
                : ((Snapshot.TaskOnly) snapshot).statsFailure();
        return unavailable(failure);
    }

    private Response health() {
        Fetch<TaskMetadata> task = scraper.check();
        if (task instanceof Fetch.Ok<TaskMetadata> ok) {
            return new Response(200, JSON, json.object(g -> {
                g.writeStringField("status", "ok");
                g.writeStringField("taskArn", ok.value().taskArn());
            }));
        }
        return unavailable(((Fetch.Failed<TaskMetadata>) task).failure());
    }

    private Response unavailable(Failure failure) {
        return new Response(503, JSON, json.object(g -> {
            g.writeStringField("status", "unavailable");
            g.writeStringField("reason", failure.reason().label());
            g.writeStringField("error", failure.message());
        }));
    }

    private String correlationId(HttpExchange exchange) {
        String given = exchange.getRequestHeaders().getFirst("X-Request-Id");
        if (given != null && given.matches("[A-Za-z0-9._-]{1,64}")) {
            return given;
        }
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Stops at once: a scrape cut short is simply retried by Prometheus, and JDK 17's
     * {@code HttpServer.stop(delay)} always waits the whole delay.
     */
    @Override
    public void close() {
        listener.close();
    }
}
