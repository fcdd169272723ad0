package io.dataworkspace.launcher.access;

import io.dataworkspace.launcher.audit.AuditLog;
import io.dataworkspace.launcher.db.DatabaseException;
import io.dataworkspace.launcher.db.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Access requests: users ask for a dataset or a tool with a reason; administrators (and, for a dataset, its owner)
 * approve or reject. Approving creates the grant and marks the request in one transaction.
 */
public final class AccessRequestService {
    private static final int MAX_REASON = 2000;
    private static final int MAX_NOTE = 2000;
    private static final String COLUMNS = "r.id, r.user_id, r.dataset_id, r.tool_slug, r.reason, r.state, "
            + "r.decided_by, r.decided_at, r.decision_note, r.created_at";

    private final Jdbc jdbc;
    private final AuditLog audit;

    public AccessRequestService(Jdbc jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** What a request is for: exactly one of a dataset id or a tool slug. */
    public sealed interface Subject {
        /** A dataset, by id. */
        record OfDataset(long datasetId) implements Subject {
        }

        /** A tool (or a visualisation's viewing), by slug. */
        record OfTool(String toolSlug) implements Subject {
        }
    }

    /**
     * Newest first. Administrators see every request; others their own and those for datasets they own.
     *
     * @param state only requests in this state, or null for all
     */
    public Page<AccessRequest> list(Actor actor, RequestState state, String after, int limit) {
        Long afterId = Cursors.idOf(after);
        List<Object> params = new ArrayList<>();
        String visible = "TRUE";
        if (!actor.admin()) {
            visible = "(r.user_id = ? OR r.dataset_id IN (SELECT id FROM datasets WHERE owner_user_id = ?))";
            params.add(actor.userId());
            params.add(actor.userId());
        }
        params.add(state == null ? null : state.name());
        params.add(state == null ? null : state.name());
        params.add(afterId == null ? Long.MAX_VALUE : afterId);
        params.add(limit + 1);
        List<AccessRequest> rows = jdbc.query("SELECT " + COLUMNS + " FROM access_requests r WHERE " + visible
                + " AND (?::text IS NULL OR r.state = ?) AND r.id < ? ORDER BY r.id DESC LIMIT ?",
                AccessRequestService::map, params.toArray());
        return Page.of(rows, limit, r -> Cursors.ofId(r.id()));
    }

    /** The user's own requests, newest first (what their home page shows). */
    public List<AccessRequest> own(String userId, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM access_requests r WHERE r.user_id = ? ORDER BY r.id DESC "
                + "LIMIT ?", AccessRequestService::map, userId, limit);
    }

    /** The user's own request; 409 when they already have one pending for the same thing. */
    public AccessRequest create(Actor actor, Subject subject, String reason) {
        if (actor.userId() == null) {
            throw AccessException.invalid("access requests are made by users; the bootstrap token has no user");
        }
        String cleanReason = Checks.text("reason", reason, MAX_REASON);
        Long datasetId = null;
        String toolSlug = null;
        if (subject instanceof Subject.OfDataset d) {
            if (jdbc.queryOne("SELECT 1 FROM datasets WHERE id = ?", rs -> 1, d.datasetId()).isEmpty()) {
                throw AccessException.notFound("datasetId: no dataset with id " + d.datasetId());
            }
            datasetId = d.datasetId();
        } else {
            toolSlug = ((Subject.OfTool) subject).toolSlug();
            if (!Checks.toolExists(jdbc, toolSlug)) {
                throw AccessException.notFound("toolSlug: no tool named " + toolSlug);
            }
        }
        AccessRequest request;
        try {
            request = jdbc.queryOne("INSERT INTO access_requests AS r (user_id, dataset_id, tool_slug, reason) "
                    + "VALUES (?, ?, ?, ?) RETURNING " + COLUMNS, AccessRequestService::map, actor.userId(), datasetId,
                    toolSlug, cleanReason).orElseThrow();
        } catch (DatabaseException e) {
            if (Jdbc.isUniqueViolation(e)) {
                throw AccessException.conflict("you already have a pending request for "
                        + (datasetId != null ? "dataset " + datasetId : "tool " + toolSlug));
            }
            throw e;
        }
        audit.record(actor.userId(), "request.create", target(request.id()), actor.sourceIp(), details(request));
        return request;
    }

    /** Approves a pending request: grants the dataset or tool to the requester, permanently, in one transaction. */
    public AccessRequest approve(Actor actor, long id, String note) {
        return decide(actor, id, RequestState.APPROVED, note);
    }

    /** Rejects a pending request; nothing is granted. */
    public AccessRequest reject(Actor actor, long id, String note) {
        return decide(actor, id, RequestState.REJECTED, note);
    }

    private AccessRequest decide(Actor actor, long id, RequestState outcome, String note) {
        String cleanNote = note == null ? "" : note.strip();
        if (cleanNote.length() > MAX_NOTE) {
            throw AccessException.invalid("note: " + cleanNote.length() + " characters (expected: at most " + MAX_NOTE
                    + ")");
        }
        Map<String, Object> grantDetails = new HashMap<>();
        AccessRequest decided = jdbc.inTransaction(c -> {
            AccessRequest request = Jdbc.query(c, "SELECT " + COLUMNS + " FROM access_requests r WHERE r.id = ? "
                    + "FOR UPDATE", AccessRequestService::map, id).stream().findFirst()
                    .orElseThrow(() -> AccessException.notFound("no access request with id " + id));
            requireDecider(c, actor, request);
            if (request.state() != RequestState.PENDING) {
                throw AccessException.conflict("access request " + id + " was already "
                        + request.state().name().toLowerCase());
            }
            if (outcome == RequestState.APPROVED) {
                grantDetails.putAll(grant(c, request, actor.userId()));
            }
            return Jdbc.query(c, "UPDATE access_requests AS r SET state = ?, decided_by = ?, decided_at = now(), "
                    + "decision_note = ? WHERE r.id = ? RETURNING " + COLUMNS, AccessRequestService::map,
                    outcome.name(), actor.userId(), cleanNote, id).get(0);
        });
        Map<String, Object> details = details(decided);
        details.put("note", cleanNote);
        audit.record(actor.userId(), outcome == RequestState.APPROVED ? "request.approve" : "request.reject",
                target(id), actor.sourceIp(), details);
        if (!grantDetails.isEmpty()) {
            audit.record(actor.userId(), "grant.create", decided.datasetId() != null
                    ? DatasetService.target(decided.datasetId()) : "tool:" + decided.toolSlug(), actor.sourceIp(),
                    grantDetails);
        }
        return decided;
    }

    /** Administrators decide any request; a dataset's owner decides requests for it. */
    private static void requireDecider(Connection c, Actor actor, AccessRequest request) throws SQLException {
        if (actor.admin()) {
            return;
        }
        if (request.datasetId() != null && actor.userId() != null) {
            Optional<String> owner = Jdbc.query(c, "SELECT owner_user_id FROM datasets WHERE id = ?",
                    rs -> rs.getString(1), request.datasetId()).stream().filter(o -> o != null).findFirst();
            if (owner.isPresent() && actor.is(owner.get())) {
                return;
            }
        }
        throw AccessException.forbidden("only administrators"
                + (request.datasetId() != null ? " and the dataset's owner" : "") + " may decide this request");
    }

    private static Map<String, Object> grant(Connection c, AccessRequest request, String grantedBy)
            throws SQLException {
        if (request.datasetId() != null) {
            DatasetGrant g = DatasetGrantService.insert(c, request.datasetId(), new Grantee.ToUser(request.userId()),
                    null, grantedBy, true);
            Map<String, Object> details = DatasetGrantService.details(g);
            details.put("request", request.id());
            return details;
        }
        ToolGrant g = Jdbc.query(c, "INSERT INTO tool_grants (tool_slug, user_id, expires_at, granted_by) "
                + "VALUES (?, ?, NULL, ?) ON CONFLICT (tool_slug, user_id) WHERE user_id IS NOT NULL "
                + "DO UPDATE SET expires_at = NULL, granted_by = excluded.granted_by, granted_at = now() RETURNING "
                + "id, tool_slug, user_id, team_id, expires_at, granted_by, granted_at", ToolGrantService::map,
                request.toolSlug(), request.userId(), grantedBy).get(0);
        Map<String, Object> details = ToolGrantService.details(g);
        details.put("request", request.id());
        return details;
    }

    static String target(long id) {
        return "request:" + id;
    }

    private static Map<String, Object> details(AccessRequest r) {
        Map<String, Object> details = new HashMap<>();
        details.put("user", r.userId());
        if (r.datasetId() != null) {
            details.put("dataset", r.datasetId());
        }
        if (r.toolSlug() != null) {
            details.put("tool", r.toolSlug());
        }
        return details;
    }

    private static AccessRequest map(ResultSet rs) throws SQLException {
        long dataset = rs.getLong("dataset_id");
        Long datasetId = rs.wasNull() ? null : dataset;
        return new AccessRequest(rs.getLong("id"), rs.getString("user_id"), datasetId, rs.getString("tool_slug"),
                rs.getString("reason"), RequestState.valueOf(rs.getString("state")), rs.getString("decided_by"),
                Jdbc.instant(rs, "decided_at"), rs.getString("decision_note"), Jdbc.instant(rs, "created_at"));
    }
}
