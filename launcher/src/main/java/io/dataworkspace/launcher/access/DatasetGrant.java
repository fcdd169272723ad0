package io.dataworkspace.launcher.access;

import java.time.Instant;

/**
 * A grant of a dataset to exactly one of a user, a team or a visualisation.
 *
 * @param expiresAt when it stops granting anything, or null for never
 * @param grantedBy who granted it, or null (bootstrap token, or since deleted)
 */
public record DatasetGrant(long id, long datasetId, String userId, Long teamId, String visualisation,
        Instant expiresAt, String grantedBy, Instant grantedAt) {
}
