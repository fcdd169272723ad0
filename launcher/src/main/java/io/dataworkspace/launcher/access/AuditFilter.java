package io.dataworkspace.launcher.access;

import java.time.Instant;

/**
 * Which audit events to list; null fields do not filter.
 *
 * @param actor  events by this user id
 * @param action events with this action (e.g. {@code grant.create}), or, ending in {@code .*}, this family
 * @param from   events at or after this time
 * @param to     events before this time
 */
public record AuditFilter(String actor, String action, Instant from, Instant to) {
    public AuditFilter {
        if (from != null && to != null && !from.isBefore(to)) {
            throw AccessException.invalid("from: " + from + " (expected: before to, " + to + ")");
        }
    }

    public static final AuditFilter ALL = new AuditFilter(null, null, null, null);
}
