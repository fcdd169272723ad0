package io.dataworkspace.launcher.api;

import static io.dataworkspace.launcher.api.ApiCalls.actor;
import static io.dataworkspace.launcher.api.ApiCalls.blocking;

import io.dataworkspace.launcher.access.UserAdmin;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /users} (search, keyset pages) and {@code PATCH /users/:id} (admin flag, disable): administrators. */
final class UsersApi {
    private final UserAdmin users;

    UsersApi(UserAdmin users) {
        this.users = users;
    }

    void mount(Router router) {
        router.get("/api/v1/users").blockingHandler(blocking(this::list), false);
        router.patch("/api/v1/users/:id").blockingHandler(blocking(this::update), false);
    }

    private void list(RoutingContext ctx) {
        ctx.json(ApiCalls.page("users", users.list(actor(ctx), ctx.queryParams().get("q"), ApiCalls.after(ctx),
                ApiCalls.limit(ctx)), JsonViews::user));
    }

    private void update(RoutingContext ctx) {
        JsonObject body = ApiCalls.body(ctx);
        ctx.json(JsonViews.user(users.update(actor(ctx), ctx.pathParam("id"), ApiCalls.bool(body, "admin"),
                ApiCalls.bool(body, "disabled"))));
    }
}
