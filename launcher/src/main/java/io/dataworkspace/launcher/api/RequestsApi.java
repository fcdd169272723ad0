package io.dataworkspace.launcher.api;

import static io.dataworkspace.launcher.api.ApiCalls.actor;
import static io.dataworkspace.launcher.api.ApiCalls.blocking;
import static io.dataworkspace.launcher.api.ApiCalls.pathId;

import io.dataworkspace.launcher.access.AccessRequestService;
import io.dataworkspace.launcher.access.AccessRequestService.Subject;
import io.dataworkspace.launcher.access.RequestState;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Access requests: users make and see their own; administrators (and dataset owners) decide them. */
final class RequestsApi {
    private final AccessRequestService requests;

    RequestsApi(AccessRequestService requests) {
        this.requests = requests;
    }

    void mount(Router router) {
        router.get("/api/v1/access-requests").blockingHandler(blocking(this::list), false);
        router.post("/api/v1/access-requests").blockingHandler(blocking(this::create), false);
        router.post("/api/v1/access-requests/:id/approve").blockingHandler(blocking(this::approve), false);
        router.post("/api/v1/access-requests/:id/reject").blockingHandler(blocking(this::reject), false);
    }

    private void list(RoutingContext ctx) {
        String state = ctx.queryParams().get("state");
        ctx.json(ApiCalls.page("requests", requests.list(actor(ctx), state == null || state.isEmpty() ? null
                : RequestState.parse("state", state), ApiCalls.after(ctx), ApiCalls.limit(ctx)),
                AccessViews::request));
    }

    private void create(RoutingContext ctx) {
        JsonObject body = ApiCalls.body(ctx);
        Long datasetId = ApiCalls.id(body, "datasetId");
        String toolSlug = ApiCalls.string(body, "toolSlug");
        if ((datasetId == null) == (toolSlug == null)) {
            throw ApiException.badRequest("datasetId, toolSlug: " + (datasetId == null ? "none" : "both")
                    + " given (expected: exactly one)");
        }
        Subject subject = datasetId != null ? new Subject.OfDataset(datasetId) : new Subject.OfTool(toolSlug);
        var request = requests.create(actor(ctx), subject, ApiCalls.string(body, "reason"));
        ctx.response().setStatusCode(201);
        ctx.json(AccessViews.request(request));
    }

    private void approve(RoutingContext ctx) {
        long id = pathId(ctx, "id");
        ctx.json(AccessViews.request(requests.approve(actor(ctx), id, note(ctx))));
    }

    private void reject(RoutingContext ctx) {
        long id = pathId(ctx, "id");
        ctx.json(AccessViews.request(requests.reject(actor(ctx), id, note(ctx))));
    }

    private static String note(RoutingContext ctx) {
        return ApiCalls.string(ApiCalls.optionalBody(ctx), "note");
    }
}
