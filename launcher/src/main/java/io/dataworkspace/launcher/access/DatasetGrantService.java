package io.dataworkspace.launcher.access;

import io.dataworkspace.launcher.audit.AuditLog;
import io.dataworkspace.launcher.db.DatabaseException;
import io.dataworkspace.launcher.db.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dataset grants, managed by administrators and by the dataset's owner. A grant's effect reaches running tools at
 * their next credentials refresh, through {@link GrantedDatasets}.
 */
public final class DatasetGrantService {
    static final String COLUMNS = "id, dataset_id, user_id, team_id, visualisation_slug, expires_at, granted_by, "
            + "granted_at";

    private final Jdbc jdbc;
    private final AuditLog audit;
    private final DatasetService datasets;

    public DatasetGrantService(Jdbc jdbc, AuditLog audit, DatasetService datasets) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.datasets = datasets;
    }

    /** A dataset's grants, oldest first: administrators and the owner. */
    public Page<DatasetGrant> list(Actor actor, long datasetId, String after, int limit) {
        DatasetService.requireAdminOrOwner(actor, datasets.find(datasetId), "see the grants of");
        Long afterId = Cursors.idOf(after);
        List<DatasetGrant> rows = jdbc.query("SELECT " + COLUMNS + " FROM dataset_grants WHERE dataset_id = ? "
                + "AND id > ? ORDER BY id LIMIT ?", DatasetGrantService::map, datasetId,
                afterId == null ? 0L : afterId, limit + 1);
        return Page.of(rows, limit, g -> Cursors.ofId(g.id()));
    }

    /** Grants the dataset; 409 when the grantee already holds a grant of it (revoke it first to change it). */
    public DatasetGrant grant(Actor actor, long datasetId, Grantee grantee, Instant expiresAt) {
        DatasetService.requireAdminOrOwner(actor, datasets.find(datasetId), "grant");
        Checks.expiry(expiresAt);
        checkGrantee(grantee);
        DatasetGrant grant;
        try {
            grant = jdbc.inTransaction(c -> insert(c, datasetId, grantee, expiresAt, actor.userId(), false));
        } catch (DatabaseException e) {
            if (Jdbc.isUniqueViolation(e)) {
                throw AccessException.conflict(describe(grantee) + " already has a grant of dataset " + datasetId
                        + "; revoke it first to change it");
            }
            throw e;
        }
        audit.record(actor.userId(), "grant.create", DatasetService.target(datasetId), actor.sourceIp(),
                details(grant));
        return grant;
    }

    /** Revokes a grant: the grantee's next credentials no longer include the dataset. */
    public void revoke(Actor actor, long datasetId, long grantId) {
        DatasetService.requireAdminOrOwner(actor, datasets.find(datasetId), "revoke grants of");
        DatasetGrant grant = jdbc.queryOne("DELETE FROM dataset_grants WHERE id = ? AND dataset_id = ? RETURNING "
                + COLUMNS, DatasetGrantService::map, grantId, datasetId)
                .orElseThrow(() -> AccessException.notFound("no grant " + grantId + " of dataset " + datasetId));
        audit.record(actor.userId(), "grant.revoke", DatasetService.target(datasetId), actor.sourceIp(),
                details(grant));
    }

    /**
     * Inserts a grant on {@code c}. With {@code renew}, a grant the user already holds (perhaps expired) is made
     * permanent instead of failing: approving a request must leave the user with access.
     */
    static DatasetGrant insert(Connection c, long datasetId, Grantee grantee, Instant expiresAt, String grantedBy,
            boolean renew) throws SQLException {
        String userId = grantee instanceof Grantee.ToUser u ? u.userId() : null;
        Long teamId = grantee instanceof Grantee.ToTeam t ? t.teamId() : null;
        String slug = grantee instanceof Grantee.ToVisualisation v ? v.toolSlug() : null;
        String onConflict = renew && userId != null ? " ON CONFLICT (dataset_id, user_id) WHERE user_id IS NOT NULL "
                + "DO UPDATE SET expires_at = excluded.expires_at, granted_by = excluded.granted_by, "
                + "granted_at = now()" : "";
        return Jdbc.query(c, "INSERT INTO dataset_grants (dataset_id, user_id, team_id, visualisation_slug, "
                + "expires_at, granted_by) VALUES (?, ?, ?, ?, ?, ?)" + onConflict + " RETURNING " + COLUMNS,
                DatasetGrantService::map, datasetId, userId, teamId, slug, expiresAt, grantedBy).get(0);
    }

    private void checkGrantee(Grantee grantee) {
        if (grantee instanceof Grantee.ToUser u) {
            Checks.userExists(jdbc, "userId", u.userId());
        } else if (grantee instanceof Grantee.ToTeam t) {
            Checks.teamExists(jdbc, "teamId", t.teamId());
        } else if (grantee instanceof Grantee.ToVisualisation v) {
            String kind = jdbc.queryOne("SELECT kind FROM tools WHERE slug = ?", rs -> rs.getString(1), v.toolSlug())
                    .orElseThrow(() -> AccessException.notFound("visualisation: no tool named " + v.toolSlug()));
            if (!"visualisation".equals(kind)) {
                throw AccessException.invalid("visualisation: \"" + v.toolSlug() + "\" is a tool, not a "
                        + "visualisation");
            }
        }
    }

    private static String describe(Grantee grantee) {
        if (grantee instanceof Grantee.ToUser u) {
            return "user " + u.userId();
        } else if (grantee instanceof Grantee.ToTeam t) {
            return "team " + t.teamId();
        }
        return "visualisation " + ((Grantee.ToVisualisation) grantee).toolSlug();
    }

    static Map<String, Object> details(DatasetGrant g) {
        Map<String, Object> details = new HashMap<>();
        details.put("grant", g.id());
        details.put("dataset", g.datasetId());
        if (g.userId() != null) {
            details.put("user", g.userId());
        }
        if (g.teamId() != null) {
            details.put("team", g.teamId());
        }
        if (g.visualisation() != null) {
            details.put("visualisation", g.visualisation());
        }
        if (g.expiresAt() != null) {
            details.put("expiresAt", g.expiresAt().toString());
        }
        return details;
    }

    static DatasetGrant map(ResultSet rs) throws SQLException {
        long team = rs.getLong("team_id");
        Long teamId = rs.wasNull() ? null : team;
        return new DatasetGrant(rs.getLong("id"), rs.getLong("dataset_id"), rs.getString("user_id"), teamId,
                rs.getString("visualisation_slug"), Jdbc.instant(rs, "expires_at"), rs.getString("granted_by"),
                Jdbc.instant(rs, "granted_at"));
    }
}
