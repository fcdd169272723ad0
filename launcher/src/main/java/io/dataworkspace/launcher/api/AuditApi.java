package io.dataworkspace.launcher.api;

import static io.dataworkspace.launcher.api.ApiCalls.actor;
import static io.dataworkspace.launcher.api.ApiCalls.blocking;

import io.dataworkspace.launcher.access.Actor;
import io.dataworkspace.launcher.access.AuditCsv;
import io.dataworkspace.launcher.access.AuditFilter;
import io.dataworkspace.launcher.access.AuditSearch;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The audit log for administrators: filtered keyset pages as JSON, or the whole filtered log as CSV. */
final class AuditApi {
    private static final Logger log = LoggerFactory.getLogger(AuditApi.class);
    /** The CSV export stops after this many rows; narrow the filter for more. */
    static final long MAX_CSV_ROWS = 1_000_000;

    private final AuditSearch search;
    private final AuditCsv csv;

    AuditApi(AuditSearch search) {
        this.search = search;
        this.csv = new AuditCsv(search);
    }

    void mount(Router router) {
        router.route("/api/v1/audit*").handler(ApiCalls::requireAdmin);
        router.get("/api/v1/audit").blockingHandler(blocking(this::list), false);
        router.get("/api/v1/audit.csv").blockingHandler(blocking(this::export), false);
    }

    private void list(RoutingContext ctx) {
        Actor actor = actor(ctx);
        actor.requireAdmin();
        ctx.json(ApiCalls.page("events", search.list(actor, filter(ctx), ApiCalls.after(ctx), ApiCalls.limit(ctx)),
                AccessViews::auditEvent));
    }

    /** Streams the CSV page by page, waiting for the client when its buffer is full. */
    private void export(RoutingContext ctx) {
        Actor actor = actor(ctx);
        actor.requireAdmin();
        AuditFilter filter = filter(ctx);
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/csv; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"audit.csv\"")
                .putHeader("Cache-Control", "no-store");
        try {
            csv.export(actor, filter, MAX_CSV_ROWS, chunk -> write(response, chunk));
            response.end();
        } catch (RuntimeException e) {
            if (!response.headWritten()) {
                throw e;
            }
            log.warn("audit CSV export cut short: {}", e.getMessage());
            response.reset();
        }
    }

    /** Writes a chunk from this worker thread, waiting while the client's write queue is full (backpressure). */
    private static void write(HttpServerResponse response, String chunk) {
        response.write(chunk);
        if (!response.writeQueueFull()) {
            return;
        }
        CountDownLatch drained = new CountDownLatch(1);
        response.drainHandler(v -> drained.countDown());
        try {
            if (response.writeQueueFull() && !drained.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the client stopped reading the audit export");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while exporting the audit log", e);
        }
    }

    private static AuditFilter filter(RoutingContext ctx) {
        String actor = ctx.queryParams().get("actor");
        String action = ctx.queryParams().get("action");
        return new AuditFilter(actor == null || actor.isEmpty() ? null : actor,
                action == null || action.isEmpty() ? null : action,
                ApiCalls.instantParam(ctx, "from"), ApiCalls.instantParam(ctx, "to"));
    }
}
