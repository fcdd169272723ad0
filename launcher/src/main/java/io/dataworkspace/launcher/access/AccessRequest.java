package io.dataworkspace.launcher.access;

import java.time.Instant;

/**
 * A user's request for a dataset or a tool, and its outcome.
 *
 * @param datasetId the dataset asked for, or null when a tool is asked for
 * @param toolSlug  the tool asked for, or null when a dataset is asked for
 * @param decidedBy who approved or rejected it, or null while pending (or for the bootstrap token)
 */
public record AccessRequest(long id, String userId, Long datasetId, String toolSlug, String reason,
        RequestState state, String decidedBy, Instant decidedAt, String decisionNote, Instant createdAt) {
}
