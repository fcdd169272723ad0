package io.dataworkspace.launcher.access;

import io.dataworkspace.launcher.audit.AuditLog;
import io.dataworkspace.launcher.db.DatabaseException;
import io.dataworkspace.launcher.db.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tool grants: who may start a tool whose access is {@code granted}, and who may view a visualisation. Managing
 * them is for administrators; the checks ({@link #mayUse}, {@link #mayView}) are what the spawn path and the proxy
 * ask.
 */
public final class ToolGrantService {
    /**
     * Parameters: tool slug, user id, user id. True when the user holds an unexpired grant of the tool, directly or
     * through a team they belong to now.
     */
    public static final String HOLDS_GRANT = """
            SELECT EXISTS (SELECT 1 FROM tool_grants g
                            WHERE g.tool_slug = ? AND (g.expires_at IS NULL OR g.expires_at > now())
                              AND (g.user_id = ?
                                   OR g.team_id IN (SELECT team_id FROM team_members WHERE user_id = ?)))
            """;
    private static final String COLUMNS = "id, tool_slug, user_id, team_id, expires_at, granted_by, granted_at";

    private final Jdbc jdbc;
    private final AuditLog audit;

    public ToolGrantService(Jdbc jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** Whether the user holds an unexpired grant of the tool, directly or through a team. */
    public boolean holdsGrant(String userId, String toolSlug) {
        return jdbc.queryOne(HOLDS_GRANT, rs -> rs.getBoolean(1), toolSlug, userId, userId).orElse(false);
    }

    /** The access mode of a tool, or empty when there is no such tool. */
    public Optional<ToolAccess> accessOf(String toolSlug) {
        return jdbc.queryOne("SELECT access FROM tools WHERE slug = ?", rs -> ToolAccess.parse("access",
                rs.getString(1)), toolSlug);
    }

    /** The slugs of tools the user holds an unexpired grant of (directly or by team). */
    public List<String> grantedTools(String userId) {
        return jdbc.query("""
                SELECT DISTINCT g.tool_slug FROM tool_grants g
                 WHERE (g.expires_at IS NULL OR g.expires_at > now())
                   AND (g.user_id = ? OR g.team_id IN (SELECT team_id FROM team_members WHERE user_id = ?))
                """, rs -> rs.getString(1), userId, userId);
    }

    /**
     * May this user start this tool (not a visualisation)? Tools with access {@code everyone}: yes; {@code granted}:
     * only with an unexpired grant, administrators included (an administrator can grant themselves).
     */
    public boolean mayUse(String userId, String toolSlug) {
        return switch (accessOf(toolSlug).orElse(ToolAccess.GRANTED)) {
            case EVERYONE -> true;
            case GRANTED -> holdsGrant(userId, toolSlug);
        };
    }

    /** May this user view the visualisation? Administrators always; others with an unexpired grant (user or team). */
    public boolean mayView(String userId, boolean admin, String toolSlug) {
        return admin || holdsGrant(userId, toolSlug);
    }

    /** A tool's grants, oldest first. */
    public Page<ToolGrant> list(Actor actor, String toolSlug, String after, int limit) {
        actor.requireAdmin();
        requireTool(toolSlug);
        Long afterId = Cursors.idOf(after);
        List<ToolGrant> rows = jdbc.query("SELECT " + COLUMNS + " FROM tool_grants WHERE tool_slug = ? "
                + "AND id > ? ORDER BY id LIMIT ?", ToolGrantService::map, toolSlug, afterId == null ? 0L : afterId,
                limit + 1);
        return Page.of(rows, limit, g -> Cursors.ofId(g.id()));
    }

    /** Grants the tool to a user or a team; 409 when they already hold a grant of it (revoke it first). */
    public ToolGrant grant(Actor actor, String toolSlug, Grantee grantee, Instant expiresAt) {
        actor.requireAdmin();
        requireTool(toolSlug);
        Checks.expiry(expiresAt);
        String userId = null;
        Long teamId = null;
        if (grantee instanceof Grantee.ToUser u) {
            Checks.userExists(jdbc, "userId", u.userId());
            userId = u.userId();
        } else if (grantee instanceof Grantee.ToTeam t) {
            Checks.teamExists(jdbc, "teamId", t.teamId());
            teamId = t.teamId();
        } else {
            throw AccessException.invalid("visualisation: tool grants go to a userId or a teamId");
        }
        ToolGrant grant;
        try {
            grant = jdbc.queryOne("INSERT INTO tool_grants (tool_slug, user_id, team_id, expires_at, granted_by) "
                    + "VALUES (?, ?, ?, ?, ?) RETURNING " + COLUMNS, ToolGrantService::map, toolSlug, userId, teamId,
                    expiresAt, actor.userId()).orElseThrow();
        } catch (DatabaseException e) {
            if (Jdbc.isUniqueViolation(e)) {
                throw AccessException.conflict((userId != null ? "user " + userId : "team " + teamId)
                        + " already has a grant of " + toolSlug + "; revoke it first to change it");
            }
            throw e;
        }
        audit.record(actor.userId(), "grant.create", "tool:" + toolSlug, actor.sourceIp(), details(grant));
        return grant;
    }

    /** Revokes a grant of the tool. */
    public void revoke(Actor actor, String toolSlug, long grantId) {
        actor.requireAdmin();
        ToolGrant grant = jdbc.queryOne("DELETE FROM tool_grants WHERE id = ? AND tool_slug = ? RETURNING " + COLUMNS,
                ToolGrantService::map, grantId, toolSlug)
                .orElseThrow(() -> AccessException.notFound("no grant " + grantId + " of tool " + toolSlug));
        audit.record(actor.userId(), "grant.revoke", "tool:" + toolSlug, actor.sourceIp(), details(grant));
    }

    private void requireTool(String toolSlug) {
        if (!Checks.toolExists(jdbc, toolSlug)) {
            throw AccessException.notFound("no tool named " + toolSlug);
        }
    }

    static Map<String, Object> details(ToolGrant g) {
        Map<String, Object> details = new HashMap<>();
        details.put("grant", g.id());
        details.put("tool", g.toolSlug());
        if (g.userId() != null) {
            details.put("user", g.userId());
        }
        if (g.teamId() != null) {
            details.put("team", g.teamId());
        }
        if (g.expiresAt() != null) {
            details.put("expiresAt", g.expiresAt().toString());
        }
        return details;
    }

    static ToolGrant map(ResultSet rs) throws SQLException {
        long team = rs.getLong("team_id");
        Long teamId = rs.wasNull() ? null : team;
        return new ToolGrant(rs.getLong("id"), rs.getString("tool_slug"), rs.getString("user_id"), teamId,
                Jdbc.instant(rs, "expires_at"), rs.getString("granted_by"), Jdbc.instant(rs, "granted_at"));
    }
}
