package io.dataworkspace.launcher.api;

import io.dataworkspace.launcher.access.AccessRequest;
import io.dataworkspace.launcher.access.AuditEvent;
import io.dataworkspace.launcher.access.Dataset;
import io.dataworkspace.launcher.access.DatasetGrant;
import io.dataworkspace.launcher.access.DatasetTable;
import io.dataworkspace.launcher.access.Team;
import io.dataworkspace.launcher.access.ToolAccess;
import io.dataworkspace.launcher.access.ToolGrant;
import io.dataworkspace.launcher.tool.ToolTemplate;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of the access endpoints (see docs/openapi.yaml). */
final class AccessViews {
    private AccessViews() {
    }

    /** A tool as users see it, with its access mode and whether this caller may start (or view) it. */
    static JsonObject tool(ToolTemplate t, ToolAccess access, boolean mayUse) {
        return JsonViews.tool(t).put("access", access.wireName()).put("mayUse", mayUse);
    }

    /** A tool as administrators edit it: every field POST/PATCH /tools accepts. */
    static JsonObject adminTool(ToolTemplate t, ToolAccess access, boolean mayUse) {
        return tool(t, access, mayUse)
                .put("spec", new JsonObject(t.spec().toString()))
                .put("port", t.port())
                .put("healthPath", t.healthPath())
                .put("cpuMillicores", t.cpuMillicores())
                .put("startupTimeoutSeconds", t.startupTimeout().toSeconds());
    }

    static JsonObject team(Team t) {
        return new JsonObject().put("id", t.id()).put("name", t.name()).put("members", new JsonArray(t.members()));
    }

    static JsonObject toolGrant(ToolGrant g) {
        return new JsonObject()
                .put("id", g.id())
                .put("toolSlug", g.toolSlug())
                .put("userId", g.userId())
                .put("teamId", g.teamId())
                .put("expiresAt", text(g.expiresAt()))
                .put("grantedBy", g.grantedBy())
                .put("grantedAt", text(g.grantedAt()));
    }

    static JsonObject dataset(Dataset d) {
        return new JsonObject()
                .put("id", d.id())
                .put("name", d.name())
                .put("description", d.description())
                .put("ownerUserId", d.ownerUserId())
                .put("tables", tables(d.tables()))
                .put("s3Prefixes", new JsonArray(d.s3Prefixes()))
                .put("createdAt", text(d.createdAt()))
                .put("updatedAt", text(d.updatedAt()));
    }

    static JsonArray tables(List<DatasetTable> tables) {
        JsonArray json = new JsonArray();
        tables.forEach(t -> json.add(new JsonObject().put("schema", t.schema()).put("table", t.table().orElse(null))));
        return json;
    }

    static JsonObject datasetGrant(DatasetGrant g) {
        return new JsonObject()
                .put("id", g.id())
                .put("datasetId", g.datasetId())
                .put("userId", g.userId())
                .put("teamId", g.teamId())
                .put("visualisation", g.visualisation())
                .put("expiresAt", text(g.expiresAt()))
                .put("grantedBy", g.grantedBy())
                .put("grantedAt", text(g.grantedAt()));
    }

    static JsonObject request(AccessRequest r) {
        return new JsonObject()
                .put("id", r.id())
                .put("userId", r.userId())
                .put("datasetId", r.datasetId())
                .put("toolSlug", r.toolSlug())
                .put("reason", r.reason())
                .put("state", r.state().name())
                .put("decidedBy", r.decidedBy())
                .put("decidedAt", text(r.decidedAt()))
                .put("decisionNote", r.decisionNote())
                .put("createdAt", text(r.createdAt()));
    }

    static JsonObject auditEvent(AuditEvent e) {
        Object details;
        try {
            details = new JsonObject(e.details());
        } catch (DecodeException | ClassCastException ex) {
            details = e.details();
        }
        return new JsonObject()
                .put("id", e.id())
                .put("at", text(e.at()))
                .put("actor", e.actor())
                .put("action", e.action())
                .put("target", e.target())
                .put("sourceIp", e.sourceIp())
                .put("details", details);
    }

    static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
