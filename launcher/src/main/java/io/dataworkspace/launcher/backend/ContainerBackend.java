package io.dataworkspace.launcher.backend;

import io.dataworkspace.launcher.instance.Endpoint;
import io.dataworkspace.launcher.tool.ToolTemplate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs tools somewhere: as local processes, as ECS Fargate tasks, … Implementations are safe to call from many
 * threads; every call is bounded in time.
 */
public interface ContainerBackend {
    /** The name tool templates use to choose this backend, e.g. {@code local}. */
    String name();

    /** Why this backend cannot start the tool here (missing executable, missing task definition), or empty. */
    Optional<String> unavailableReason(ToolTemplate tool);

    /**
     * Starts the task and returns its id as soon as it exists; the caller then polls {@link #status}.
     *
     * @param progress receives messages for the user while starting, e.g. "Pulling image"
     * @throws BackendException with a reason a user can read when the task cannot be started
     */
    String start(TaskSpec spec, Consumer<String> progress) throws BackendException;

    /** What the task is doing now. */
    TaskStatus status(String taskId);

    /** Stops the task: asks it to stop, then forces it after the grace period. Stopping a gone task is a no-op. */
    void stop(String taskId, Duration grace) throws BackendException;

    /** Every task this backend runs for the platform, as the backend itself reports it (not the database). */
    List<BackendTask> list() throws BackendException;

    /** Total CPU time the task has used, for the culler's idleness check; empty when the backend cannot tell. */
    default Optional<Double> cpuSeconds(String taskId) {
        return Optional.empty();
    }

    /**
     * Where Prometheus scrapes the task's sidecars, for service discovery: one target per sidecar (the metrics
     * sidecar, s3sync); empty when the backend runs no sidecar (the local backend).
     *
     * @param syncsHome whether the task has an s3sync sidecar (tools do; visualisations have no home folder)
     */
    default List<ScrapeTarget> scrapeTargets(String taskId, Endpoint toolEndpoint, boolean syncsHome) {
        return List.of();
    }

    /**
     * One sidecar of a task that Prometheus scrapes.
     *
     * @param sidecar the sidecar's name, the {@code sidecar} label: {@code metrics} or {@code s3sync}
     * @param address {@code host:port}
     */
    record ScrapeTarget(String sidecar, String address) {
    }

    /** The last lines of the tool's output, shown when it fails to start; empty when the backend has none. */
    default List<String> logTail(String taskId, int lines) {
        return List.of();
    }
}
