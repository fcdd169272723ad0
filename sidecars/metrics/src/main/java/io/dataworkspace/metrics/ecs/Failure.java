package io.dataworkspace.metrics.ecs;

/**
 * A failed metadata request.
 *
 * @param reason  the category, used as a metric label
 * @param message one sentence for logs and error responses (no stack trace)
 */
public record Failure(FailureReason reason, String message) {
}
