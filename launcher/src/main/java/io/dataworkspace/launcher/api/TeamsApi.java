package io.dataworkspace.launcher.api;

import static io.dataworkspace.launcher.api.ApiCalls.actor;
import static io.dataworkspace.launcher.api.ApiCalls.blocking;
import static io.dataworkspace.launcher.api.ApiCalls.pathId;

import io.dataworkspace.launcher.access.TeamService;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Teams and their members: administrators. */
final class TeamsApi {
    private final TeamService teams;

    TeamsApi(TeamService teams) {
        this.teams = teams;
    }

    void mount(Router router) {
        router.route("/api/v1/teams*").handler(ApiCalls::requireAdmin);
        router.get("/api/v1/teams").blockingHandler(blocking(this::list), false);
        router.post("/api/v1/teams").blockingHandler(blocking(this::create), false);
        router.get("/api/v1/teams/:id").blockingHandler(blocking(this::get), false);
        router.patch("/api/v1/teams/:id").blockingHandler(blocking(this::rename), false);
        router.delete("/api/v1/teams/:id").blockingHandler(blocking(this::delete), false);
        router.put("/api/v1/teams/:id/members/:userId").blockingHandler(blocking(this::addMember), false);
        router.delete("/api/v1/teams/:id/members/:userId").blockingHandler(blocking(this::removeMember), false);
    }

    private void list(RoutingContext ctx) {
        ctx.json(ApiCalls.page("teams", teams.list(actor(ctx), ApiCalls.after(ctx), ApiCalls.limit(ctx)),
                AccessViews::team));
    }

    private void create(RoutingContext ctx) {
        var team = teams.create(actor(ctx), ApiCalls.requiredString(ApiCalls.body(ctx), "name"));
        ctx.response().setStatusCode(201);
        ctx.json(AccessViews.team(team));
    }

    private void get(RoutingContext ctx) {
        ctx.json(AccessViews.team(teams.get(actor(ctx), pathId(ctx, "id"))));
    }

    private void rename(RoutingContext ctx) {
        ctx.json(AccessViews.team(teams.rename(actor(ctx), pathId(ctx, "id"),
                ApiCalls.requiredString(ApiCalls.body(ctx), "name"))));
    }

    private void delete(RoutingContext ctx) {
        teams.delete(actor(ctx), pathId(ctx, "id"));
        ctx.response().setStatusCode(204).end();
    }

    private void addMember(RoutingContext ctx) {
        ctx.json(AccessViews.team(teams.addMember(actor(ctx), pathId(ctx, "id"), ctx.pathParam("userId"))));
    }

    private void removeMember(RoutingContext ctx) {
        ctx.json(AccessViews.team(teams.removeMember(actor(ctx), pathId(ctx, "id"), ctx.pathParam("userId"))));
    }
}
