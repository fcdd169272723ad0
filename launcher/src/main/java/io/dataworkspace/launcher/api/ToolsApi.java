package io.dataworkspace.launcher.api;

import static io.dataworkspace.launcher.api.ApiCalls.actor;
import static io.dataworkspace.launcher.api.ApiCalls.blocking;
import static io.dataworkspace.launcher.api.ApiCalls.pathId;

import io.dataworkspace.launcher.access.AccessException;
import io.dataworkspace.launcher.access.Actor;
import io.dataworkspace.launcher.access.Grantee;
import io.dataworkspace.launcher.access.ToolAccess;
import io.dataworkspace.launcher.access.ToolAdmin;
import io.dataworkspace.launcher.access.ToolGrantService;
import io.dataworkspace.launcher.tool.ToolKind;
import io.dataworkspace.launcher.tool.ToolRepository;
import io.dataworkspace.launcher.tool.ToolTemplate;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /tools} for everyone (with {@code access} and {@code mayUse}); creating and editing tools and their
 * grants (for a visualisation: its viewers) for administrators.
 */
final class ToolsApi {
    private final ToolRepository tools;
    private final ToolAdmin admin;
    private final ToolGrantService grants;

    ToolsApi(ToolRepository tools, ToolAdmin admin, ToolGrantService grants) {
        this.tools = tools;
        this.admin = admin;
        this.grants = grants;
    }

    void mount(Router router) {
        router.get("/api/v1/tools").blockingHandler(blocking(this::list), false);
        router.post("/api/v1/tools").blockingHandler(blocking(this::create), false);
        router.get("/api/v1/tools/:slug").blockingHandler(blocking(this::get), false);
        router.patch("/api/v1/tools/:slug").blockingHandler(blocking(this::update), false);
        router.get("/api/v1/tools/:slug/grants").blockingHandler(blocking(this::listGrants), false);
        router.post("/api/v1/tools/:slug/grants").blockingHandler(blocking(this::grant), false);
        router.delete("/api/v1/tools/:slug/grants/:grantId").blockingHandler(blocking(this::revoke), false);
    }

    /** Every tool with the caller's right to start (or, for a visualisation, to view) it. */
    private void list(RoutingContext ctx) {
        Actor actor = actor(ctx);
        Map<String, ToolAccess> access = tools.accessBySlug();
        Set<String> granted = actor.userId() == null ? Set.of() : new HashSet<>(grants.grantedTools(actor.userId()));
        JsonArray list = new JsonArray();
        for (ToolTemplate t : tools.list()) {
            ToolAccess mode = access.getOrDefault(t.slug(), ToolAccess.GRANTED);
            list.add(view(actor, t, mode, mayUse(actor, t, mode, granted)));
        }
        ctx.json(new JsonObject().put("tools", list));
    }

    /**
     * The bootstrap token may start anything; a visualisation: administrators and viewers; a tool: everyone or
     * grant holders, per its access mode.
     */
    static boolean mayUse(Actor actor, ToolTemplate t, ToolAccess mode, Set<String> granted) {
        if (actor.userId() == null) {
            return true;
        }
        if (t.kind() == ToolKind.VISUALISATION) {
            return actor.admin() || granted.contains(t.slug());
        }
        return mode == ToolAccess.EVERYONE || granted.contains(t.slug());
    }

    private static JsonObject view(Actor actor, ToolTemplate t, ToolAccess mode, boolean mayUse) {
        return actor.admin() ? AccessViews.adminTool(t, mode, mayUse) : AccessViews.tool(t, mode, mayUse);
    }

    private void get(RoutingContext ctx) {
        Actor actor = actor(ctx);
        String slug = ctx.pathParam("slug");
        ToolTemplate t = tools.find(slug).orElseThrow(() -> ApiException.notFound("no tool named " + slug));
        ToolAccess mode = tools.access(slug).orElseThrow();
        Set<String> granted = actor.userId() == null ? Set.of() : new HashSet<>(grants.grantedTools(actor.userId()));
        ctx.json(view(actor, t, mode, mayUse(actor, t, mode, granted)));
    }

    private void create(RoutingContext ctx) {
        Actor actor = actor(ctx);
        actor.requireAdmin();
        JsonObject body = ApiCalls.body(ctx);
        ToolAccess mode = body.containsKey("access") ? ToolAccess.parse("access", body.getValue("access"))
                : ToolAccess.EVERYONE;
        ToolTemplate saved = admin.create(actor, ToolBody.create(body), mode);
        ctx.response().setStatusCode(201);
        ctx.json(AccessViews.adminTool(saved, mode, true));
    }

    private void update(RoutingContext ctx) {
        Actor actor = actor(ctx);
        actor.requireAdmin();
        JsonObject body = ApiCalls.body(ctx);
        ToolAccess mode = body.containsKey("access") ? ToolAccess.parse("access", body.getValue("access")) : null;
        ToolTemplate saved = admin.update(actor, ctx.pathParam("slug"), current -> ToolBody.merge(current, body), mode);
        ctx.json(AccessViews.adminTool(saved, tools.access(saved.slug()).orElseThrow(), true));
    }

    private void listGrants(RoutingContext ctx) {
        ctx.json(ApiCalls.page("grants", grants.list(actor(ctx), ctx.pathParam("slug"), ApiCalls.after(ctx),
                ApiCalls.limit(ctx)), AccessViews::toolGrant));
    }

    private void grant(RoutingContext ctx) {
        Actor actor = actor(ctx);
        actor.requireAdmin();
        JsonObject body = ApiCalls.body(ctx);
        var grant = grants.grant(actor, ctx.pathParam("slug"), grantee(body, false), ApiCalls.instant(body,
                "expiresAt"));
        ctx.response().setStatusCode(201);
        ctx.json(AccessViews.toolGrant(grant));
    }

    private void revoke(RoutingContext ctx) {
        Actor actor = actor(ctx);
        actor.requireAdmin();
        grants.revoke(actor, ctx.pathParam("slug"), pathId(ctx, "grantId"));
        ctx.response().setStatusCode(204).end();
    }

    /** Exactly one of {@code userId}, {@code teamId} and (for datasets) {@code visualisation}. */
    static Grantee grantee(JsonObject body, boolean visualisationAllowed) {
        String userId = ApiCalls.string(body, "userId");
        Long teamId = ApiCalls.id(body, "teamId");
        String visualisation = visualisationAllowed ? ApiCalls.string(body, "visualisation") : null;
        int given = (userId != null ? 1 : 0) + (teamId != null ? 1 : 0) + (visualisation != null ? 1 : 0);
        String fields = visualisationAllowed ? "userId, teamId, visualisation" : "userId, teamId";
        if (given != 1) {
            throw AccessException.invalid(fields + ": " + (given == 0 ? "none given" : given + " given")
                    + " (expected: exactly one)");
        }
        if (userId != null) {
            return new Grantee.ToUser(userId);
        }
        return teamId != null ? new Grantee.ToTeam(teamId) : new Grantee.ToVisualisation(visualisation);
    }
}
