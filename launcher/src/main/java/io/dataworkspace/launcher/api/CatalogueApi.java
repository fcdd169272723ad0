package io.dataworkspace.launcher.api;

import static io.dataworkspace.launcher.api.ApiCalls.actor;
import static io.dataworkspace.launcher.api.ApiCalls.blocking;

import io.dataworkspace.launcher.access.Actor;
import io.dataworkspace.launcher.access.Cursors;
import io.dataworkspace.launcher.access.Page;
import io.dataworkspace.launcher.db.Jdbc;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code GET /api/v1/catalogue/datasets}: every dataset, for any signed-in user, so that they can ask for those they
 * do not hold. Shows only what a request needs (name, description, owner's name, whether the caller holds an
 * unexpired grant directly or by team, whether their request is pending); never the tables or S3 prefixes.
 */
final class CatalogueApi {
    /** Keyset-paginated by id; grants and pending requests are those of the caller (none for a token without user). */
    private static final String SQL = """
            SELECT d.id, d.name, d.description, u.name AS owner_name,
                   EXISTS (SELECT 1 FROM dataset_grants g
                            WHERE g.dataset_id = d.id AND (g.expires_at IS NULL OR g.expires_at > now())
                              AND (g.user_id = ? OR g.team_id IN (SELECT team_id FROM team_members
                                                                   WHERE user_id = ?))) AS has_access,
                   EXISTS (SELECT 1 FROM access_requests r
                            WHERE r.dataset_id = d.id AND r.user_id = ? AND r.state = 'PENDING') AS pending
              FROM datasets d LEFT JOIN users u ON u.id = d.owner_user_id
             WHERE d.id > ?
             ORDER BY d.id
             LIMIT ?""";

    private final Jdbc jdbc;

    CatalogueApi(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** One dataset as the catalogue shows it. */
    record Entry(long id, String name, String description, String ownerName, boolean hasAccess,
            boolean requestPending) {
    }

    void mount(Router router) {
        router.get("/api/v1/catalogue/datasets").blockingHandler(blocking(this::datasets), false);
    }

    private void datasets(RoutingContext ctx) {
        Actor caller = actor(ctx);
        Long after = Cursors.idOf(ApiCalls.after(ctx));
        int limit = ApiCalls.limit(ctx);
        String me = caller.userId() == null ? "" : caller.userId();
        List<Entry> rows = jdbc.query(SQL, rs -> new Entry(rs.getLong("id"), rs.getString("name"),
                rs.getString("description"), rs.getString("owner_name"), rs.getBoolean("has_access"),
                rs.getBoolean("pending")), me, me, me, after == null ? 0L : after, limit + 1);
        ctx.json(ApiCalls.page("datasets", Page.of(rows, limit, e -> Cursors.ofId(e.id())), CatalogueApi::view));
    }

    private static JsonObject view(Entry e) {
        return new JsonObject()
                .put("id", e.id())
                .put("name", e.name())
                .put("description", e.description())
                .put("ownerName", e.ownerName())
                .put("hasAccess", e.hasAccess())
                .put("requestPending", e.requestPending());
    }
}
