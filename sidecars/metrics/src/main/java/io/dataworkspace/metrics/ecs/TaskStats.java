package io.dataworkspace.metrics.ecs;

import java.util.Map;
import java.util.Optional;

/**
 * {@code ${ECS_CONTAINER_METADATA_URI_V4}/task/stats}: stats by Docker id. A container that is not
 * running has a JSON {@code null} there, kept as an empty Optional.
 *
 * @param byDockerId stats by Docker id
 */
public record TaskStats(Map<String, Optional<ContainerStats>> byDockerId) {

    /** Copies the map. */
    public TaskStats {
        byDockerId = Map.copyOf(byDockerId);
    }

    /**
     * @param dockerId a container's Docker id from the task metadata
     * @return its stats, or empty when the entry is null or missing
     */
    public Optional<ContainerStats> forContainer(String dockerId) {
        return byDockerId.getOrDefault(dockerId, Optional.empty());
    }
}
