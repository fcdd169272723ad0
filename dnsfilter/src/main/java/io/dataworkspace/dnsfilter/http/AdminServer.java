package io.dataworkspace.dnsfilter.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Serves {@code GET /healthz} (200 when the health check passes, else 503 with the reason) and
 * {@code GET /metrics} (Prometheus text format). Everything else is 404.
 */
public final class AdminServer implements AutoCloseable {

    /** The outcome of a health check. */
    public sealed interface Health {
        /** @param detail what was checked */
        record Up(String detail) implements Health { }

        /** @param reason what failed */
        record Down(String reason) implements Health { }
    }

    private final HttpServer server;

    /**
     * Starts listening; blocks until bound.
     *
     * @param vertx    the Vert.x instance
     * @param host     address to bind
     * @param port     port, 0 for any
     * @param registry the registry to scrape
     * @param health   runs one health check
     * @throws Exception when the port cannot be bound
     */
    public AdminServer(Vertx vertx, String host, int port, PrometheusMeterRegistry registry,
                       Supplier<CompletionStage<Health>> health) throws Exception {
        this.server = vertx.createHttpServer()
                .requestHandler(req -> handle(req, registry, health))
                .listen(port, host)
                .await();
    }

    private static void handle(HttpServerRequest req, PrometheusMeterRegistry registry,
                               Supplier<CompletionStage<Health>> health) {
        String path = req.path();
        if (path.equals("/metrics")) {
            req.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(registry.scrape());
        } else if (path.equals("/healthz")) {
            Future.fromCompletionStage(health.get(), Vertx.currentContext()).onComplete(ar -> {
                if (ar.succeeded() && ar.result() instanceof Health.Up up) {
                    req.response().putHeader("content-type", "text/plain; charset=utf-8").end("ok: " + up.detail() + "\n");
                } else {
                    String reason = ar.succeeded() ? ((Health.Down) ar.result()).reason() : String.valueOf(ar.cause());
                    req.response().setStatusCode(503).putHeader("content-type", "text/plain; charset=utf-8")
                            .end("unhealthy: " + reason + "\n");
                }
            });
        } else {
            req.response().setStatusCode(404).end("not found: try /healthz or /metrics\n");
        }
    }

    /** @return the bound port */
    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        server.close().await();
    }
}
