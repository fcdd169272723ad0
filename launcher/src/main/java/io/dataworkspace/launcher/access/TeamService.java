package io.dataworkspace.launcher.access;

import io.dataworkspace.launcher.audit.AuditLog;
import io.dataworkspace.launcher.db.DatabaseException;
import io.dataworkspace.launcher.db.Jdbc;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Teams and their members; administrators only. Every change is audited. */
public final class TeamService {
    private static final int MAX_NAME = 200;
    private static final String SELECT = """
            SELECT t.id, t.name,
                   coalesce(array_agg(m.user_id ORDER BY m.user_id) FILTER (WHERE m.user_id IS NOT NULL), '{}')
                       AS members
              FROM teams t LEFT JOIN team_members m ON m.team_id = t.id
            """;

    private final Jdbc jdbc;
    private final AuditLog audit;

    public TeamService(Jdbc jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** Teams by id, a page at a time. */
    public Page<Team> list(Actor actor, String after, int limit) {
        actor.requireAdmin();
        Long afterId = Cursors.idOf(after);
        List<Team> rows = jdbc.query(SELECT + " WHERE t.id > ? GROUP BY t.id ORDER BY t.id LIMIT ?",
                TeamService::map, afterId == null ? 0L : afterId, limit + 1);
        return Page.of(rows, limit, t -> Cursors.ofId(t.id()));
    }

    public Team get(Actor actor, long id) {
        actor.requireAdmin();
        return find(id);
    }

    public Team create(Actor actor, String name) {
        actor.requireAdmin();
        String clean = Checks.text("name", name, MAX_NAME);
        long id;
        try {
            id = jdbc.queryOne("INSERT INTO teams (name) VALUES (?) RETURNING id", rs -> rs.getLong(1), clean)
                    .orElseThrow();
        } catch (DatabaseException e) {
            throw duplicateName(e, clean);
        }
        audit.record(actor.userId(), "team.create", target(id), actor.sourceIp(), Map.of("name", clean));
        return find(id);
    }

    public Team rename(Actor actor, long id, String name) {
        actor.requireAdmin();
        String clean = Checks.text("name", name, MAX_NAME);
        int updated;
        try {
            updated = jdbc.update("UPDATE teams SET name = ? WHERE id = ?", clean, id);
        } catch (DatabaseException e) {
            throw duplicateName(e, clean);
        }
        if (updated == 0) {
            throw notFound(id);
        }
        audit.record(actor.userId(), "team.update", target(id), actor.sourceIp(), Map.of("name", clean));
        return find(id);
    }

    /** Deletes a team; its grants go with it, so its members lose what they had through it. */
    public void delete(Actor actor, long id) {
        actor.requireAdmin();
        Team team = find(id);
        jdbc.update("DELETE FROM teams WHERE id = ?", id);
        audit.record(actor.userId(), "team.delete", target(id), actor.sourceIp(), Map.of("name", team.name()));
    }

    /** Adds a member; idempotent. */
    public Team addMember(Actor actor, long id, String userId) {
        actor.requireAdmin();
        find(id);
        Checks.userExists(jdbc, "userId", userId);
        if (jdbc.update("INSERT INTO team_members (team_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING", id,
                userId) == 1) {
            audit.record(actor.userId(), "team.member.add", target(id), actor.sourceIp(), Map.of("user", userId));
        }
        return find(id);
    }

    /** Removes a member: from now on the team's grants no longer apply to them. 404 if they are not a member. */
    public Team removeMember(Actor actor, long id, String userId) {
        actor.requireAdmin();
        find(id);
        if (jdbc.update("DELETE FROM team_members WHERE team_id = ? AND user_id = ?", id, userId) == 0) {
            throw AccessException.notFound("user " + userId + " is not a member of team " + id);
        }
        audit.record(actor.userId(), "team.member.remove", target(id), actor.sourceIp(), Map.of("user", userId));
        return find(id);
    }

    private Team find(long id) {
        return jdbc.queryOne(SELECT + " WHERE t.id = ? GROUP BY t.id", TeamService::map, id)
                .orElseThrow(() -> notFound(id));
    }

    private static AccessException notFound(long id) {
        return AccessException.notFound("no team with id " + id);
    }

    private static RuntimeException duplicateName(DatabaseException e, String name) {
        return Jdbc.isUniqueViolation(e) ? AccessException.conflict("a team named \"" + name + "\" already exists") : e;
    }

    static String target(long id) {
        return "team:" + id;
    }

    static List<String> strings(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static Team map(ResultSet rs) throws SQLException {
        return new Team(rs.getLong("id"), rs.getString("name"), strings(rs, "members"));
    }
}
