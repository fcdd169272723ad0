package io.dataworkspace.launcher.access;

import java.time.Instant;

/**
 * One audit event as listed to administrators.
 *
 * @param actor   the acting user's id, or null for the system or the bootstrap token
 * @param details a JSON object, as recorded
 */
public record AuditEvent(long id, Instant at, String actor, String action, String target, String sourceIp,
        String details) {
}
