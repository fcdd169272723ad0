package io.dataworkspace.metrics.ecs;

/** Where task metadata comes from: the ECS endpoint in production, a fake in tests. */
public interface TaskMetadataSource {

    /**
     * Fetches {@code /task}; never throws.
     *
     * @return the outcome
     */
    Fetch<TaskMetadata> task();

    /**
     * Fetches {@code /task} then {@code /task/stats} within one timeout; never throws.
     * Stats are not requested when the task metadata failed.
     *
     * @return both outcomes
     */
    Snapshot snapshot();
}
