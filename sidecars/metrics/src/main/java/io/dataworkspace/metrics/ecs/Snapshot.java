package io.dataworkspace.metrics.ecs;

import java.time.Duration;
import java.time.Instant;

/** One collection from the metadata endpoint: {@code /task}, then {@code /task/stats}. */
public sealed interface Snapshot permits Snapshot.Unavailable, Snapshot.TaskOnly, Snapshot.Complete {

    /** @return how long the collection took */
    Duration duration();

    /**
     * {@code /task} failed; stats were not requested.
     *
     * @param failure  why
     * @param duration time spent
     */
    record Unavailable(Failure failure, Duration duration) implements Snapshot {
    }

    /**
     * {@code /task} succeeded, {@code /task/stats} failed.
     *
     * @param task         the task metadata
     * @param statsFailure why the stats failed
     * @param duration     time spent
     */
    record TaskOnly(TaskMetadata task, Failure statsFailure, Duration duration) implements Snapshot {
    }

    /**
     * Both documents were fetched and parsed.
     *
     * @param task      the task metadata
     * @param stats     the task stats
     * @param fetchedAt when the stats response arrived
     * @param duration  time spent
     */
    record Complete(TaskMetadata task, TaskStats stats, Instant fetchedAt, Duration duration) implements Snapshot {
    }
}
