package io.dataworkspace.launcher.api;

import static io.dataworkspace.launcher.api.ApiCalls.actor;
import static io.dataworkspace.launcher.api.ApiCalls.blocking;
import static io.dataworkspace.launcher.api.ApiCalls.pathId;

import io.dataworkspace.launcher.access.DatasetChanges;
import io.dataworkspace.launcher.access.DatasetGrantService;
import io.dataworkspace.launcher.access.DatasetService;
import io.dataworkspace.launcher.access.DatasetTable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Datasets and their grants: administrators, and a dataset's owner for its grants, name and description. */
final class DatasetsApi {
    private static final Set<String> KEYS = Set.of("name", "description", "ownerUserId", "tables", "s3Prefixes");

    private final DatasetService datasets;
    private final DatasetGrantService grants;

    DatasetsApi(DatasetService datasets, DatasetGrantService grants) {
        this.datasets = datasets;
        this.grants = grants;
    }

    void mount(Router router) {
        router.get("/api/v1/datasets").blockingHandler(blocking(this::list), false);
        router.post("/api/v1/datasets").blockingHandler(blocking(this::create), false);
        router.get("/api/v1/datasets/:id").blockingHandler(blocking(this::get), false);
        router.patch("/api/v1/datasets/:id").blockingHandler(blocking(this::update), false);
        router.delete("/api/v1/datasets/:id").blockingHandler(blocking(this::delete), false);
        router.get("/api/v1/datasets/:id/grants").blockingHandler(blocking(this::listGrants), false);
        router.post("/api/v1/datasets/:id/grants").blockingHandler(blocking(this::grant), false);
        router.delete("/api/v1/datasets/:id/grants/:grantId").blockingHandler(blocking(this::revoke), false);
    }

    private void list(RoutingContext ctx) {
        ctx.json(ApiCalls.page("datasets", datasets.list(actor(ctx), ApiCalls.after(ctx), ApiCalls.limit(ctx)),
                AccessViews::dataset));
    }

    private void create(RoutingContext ctx) {
        actor(ctx).requireAdmin();
        var created = datasets.create(actor(ctx), changes(ApiCalls.body(ctx)));
        ctx.response().setStatusCode(201);
        ctx.json(AccessViews.dataset(created));
    }

    private void get(RoutingContext ctx) {
        ctx.json(AccessViews.dataset(datasets.get(actor(ctx), pathId(ctx, "id"))));
    }

    private void update(RoutingContext ctx) {
        ctx.json(AccessViews.dataset(datasets.update(actor(ctx), pathId(ctx, "id"), changes(ApiCalls.body(ctx)))));
    }

    private void delete(RoutingContext ctx) {
        datasets.delete(actor(ctx), pathId(ctx, "id"));
        ctx.response().setStatusCode(204).end();
    }

    private void listGrants(RoutingContext ctx) {
        ctx.json(ApiCalls.page("grants", grants.list(actor(ctx), pathId(ctx, "id"), ApiCalls.after(ctx),
                ApiCalls.limit(ctx)), AccessViews::datasetGrant));
    }

    private void grant(RoutingContext ctx) {
        JsonObject body = ApiCalls.body(ctx);
        var grant = grants.grant(actor(ctx), pathId(ctx, "id"), ToolsApi.grantee(body, true),
                ApiCalls.instant(body, "expiresAt"));
        ctx.response().setStatusCode(201);
        ctx.json(AccessViews.datasetGrant(grant));
    }

    private void revoke(RoutingContext ctx) {
        grants.revoke(actor(ctx), pathId(ctx, "id"), pathId(ctx, "grantId"));
        ctx.response().setStatusCode(204).end();
    }

    private static DatasetChanges changes(JsonObject body) {
        for (String key : body.fieldNames()) {
            if (!KEYS.contains(key)) {
                throw ApiException.badRequest(key + ": unknown field (expected one of " + new java.util.TreeSet<>(KEYS)
                        + ")");
            }
        }
        boolean clearOwner = body.containsKey("ownerUserId") && body.getValue("ownerUserId") == null;
        return new DatasetChanges(ApiCalls.string(body, "name"), ApiCalls.string(body, "description"),
                ApiCalls.string(body, "ownerUserId"), clearOwner, tables(body), prefixes(body));
    }

    private static List<DatasetTable> tables(JsonObject body) {
        Object value = body.getValue("tables");
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonArray array)) {
            throw ApiException.badRequest("tables: " + value + " (expected: an array of {schema, table?})");
        }
        List<DatasetTable> tables = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof JsonObject entry)) {
                throw ApiException.badRequest("tables[" + i + "]: " + array.getValue(i)
                        + " (expected: an object {schema, table?})");
            }
            String schema = entry.getValue("schema") instanceof String s ? s : null;
            if (schema == null) {
                throw ApiException.badRequest("tables[" + i + "].schema: " + entry.getValue("schema")
                        + " (expected: a schema name)");
            }
            Object table = entry.getValue("table");
            if (table != null && !(table instanceof String)) {
                throw ApiException.badRequest("tables[" + i + "].table: " + table
                        + " (expected: a table name, or absent for the whole schema)");
            }
            tables.add(new DatasetTable(schema, Optional.ofNullable((String) table)));
        }
        return tables;
    }

    private static List<String> prefixes(JsonObject body) {
        Object value = body.getValue("s3Prefixes");
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonArray array)) {
            throw ApiException.badRequest("s3Prefixes: " + value + " (expected: an array of strings)");
        }
        List<String> prefixes = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof String s)) {
                throw ApiException.badRequest("s3Prefixes[" + i + "]: " + array.getValue(i)
                        + " (expected: a string such as datasets/x/)");
            }
            prefixes.add(s);
        }
        return prefixes;
    }
}
