package io.dataworkspace.launcher.access;

import java.time.Instant;

/**
 * A grant of a tool (or a visualisation's viewing) to a user or a team.
 *
 * @param userId    the user granted, or null for a team grant
 * @param teamId    the team granted, or null for a user grant
 * @param expiresAt when it stops granting anything, or null for never
 * @param grantedBy the administrator who granted it, or null (bootstrap token, or since deleted)
 */
public record ToolGrant(long id, String toolSlug, String userId, Long teamId, Instant expiresAt, String grantedBy,
        Instant grantedAt) {
}
