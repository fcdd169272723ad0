package io.dataworkspace.launcher.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataworkspace.launcher.db.Jdbc;
import java.util.Map;

/** Appends audit events: who did what to which target, from where. Events are never updated or deleted here. */
public final class AuditLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbc jdbc;

    public AuditLog(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records one event.
     *
     * @param actorUserId the user who acted, or null for the system (culler, reconciler)
     * @param action      a dotted verb such as {@code instance.start}
     * @param target      what was acted on, such as an instance or user id
     * @param sourceIp    the client address, or null
     * @param details     small structured context; never secrets
     */
    public void record(String actorUserId, String action, String target, String sourceIp, Map<String, ?> details) {
        jdbc.update("INSERT INTO audit_events (actor_user_id, action, target, source_ip, details) "
                + "VALUES (?, ?, ?, ?, ?::jsonb)", actorUserId, action, target, sourceIp, toJson(details));
    }

    private static String toJson(Map<String, ?> details) {
        try {
            return JSON.writeValueAsString(details);
        } catch (Exception e) {
            throw new IllegalArgumentException("audit details are not serialisable: " + e.getMessage(), e);
        }
    }
}
