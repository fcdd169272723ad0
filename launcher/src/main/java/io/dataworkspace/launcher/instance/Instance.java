package io.dataworkspace.launcher.instance;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One run of a tool for a user (or of a shared visualisation).
 *
 * @param host   the host label it is served at, e.g. {@code jupyter-ab12cd34ef56}; unique among live instances
 * @param taskId the backend's id for the running process or task, once started
 */
public record Instance(
        UUID id,
        String host,
        String userId,
        String toolSlug,
        InstanceState state,
        String backend,
        Optional<String> taskId,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant runningAt,
        Instant endedAt,
        Instant lastActivityAt) {

    public Phase phase() {
        return state.phase();
    }

    public Optional<Endpoint> endpoint() {
        return state instanceof InstanceState.Running running ? Optional.of(running.endpoint()) : Optional.empty();
    }
}
