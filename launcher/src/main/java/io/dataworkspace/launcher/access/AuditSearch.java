package io.dataworkspace.launcher.access;

import io.dataworkspace.launcher.db.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the audit log for administrators: newest first by (time, id), filtered by actor, action and time window,
 * keyset-paginated so the last page of 100,000 events costs what the first does.
 */
public final class AuditSearch {
    private final Jdbc jdbc;

    public AuditSearch(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Page<AuditEvent> list(Actor actor, AuditFilter filter, String after, int limit) {
        actor.requireAdmin();
        return page(filter, Cursors.timeAndIdOf(after), limit);
    }

    /** A page without the authorisation check, for the CSV export that has already made it. */
    Page<AuditEvent> page(AuditFilter filter, Cursors.TimeAndId after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, at, actor_user_id, action, target, source_ip, "
                + "details::text AS details FROM audit_events WHERE TRUE");
        List<Object> params = new ArrayList<>();
        if (filter.actor() != null) {
            sql.append(" AND actor_user_id = ?");
            params.add(filter.actor());
        }
        if (filter.action() != null) {
            if (filter.action().endsWith(".*")) {
                sql.append(" AND action LIKE ?");
                params.add(filter.action().substring(0, filter.action().length() - 1).replace("_", "\\_")
                        .replace("%", "\\%") + "%");
            } else {
                sql.append(" AND action = ?");
                params.add(filter.action());
            }
        }
        if (filter.from() != null) {
            sql.append(" AND at >= ?");
            params.add(filter.from());
        }
        if (filter.to() != null) {
            sql.append(" AND at < ?");
            params.add(filter.to());
        }
        if (after != null) {
            sql.append(" AND (at, id) < (?, ?)");
            params.add(after.at());
            params.add(after.id());
        }
        sql.append(" ORDER BY at DESC, id DESC LIMIT ?");
        params.add(limit + 1);
        List<AuditEvent> rows = jdbc.query(sql.toString(), AuditSearch::map, params.toArray());
        return Page.of(rows, limit, e -> Cursors.ofTimeAndId(e.at(), e.id()));
    }

    private static AuditEvent map(ResultSet rs) throws SQLException {
        return new AuditEvent(rs.getLong("id"), Jdbc.instant(rs, "at"), rs.getString("actor_user_id"),
                rs.getString("action"), rs.getString("target"), rs.getString("source_ip"), rs.getString("details"));
    }
}
