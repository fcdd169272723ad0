package io.dataworkspace.metrics.ecs;

import java.util.OptionalLong;

/**
 * One entry of the task metadata's {@code Containers} array.
 *
 * @param dockerId       the key of this container in {@code /task/stats}
 * @param name           the container name from the task definition
 * @param knownStatus    RUNNING, STOPPED...
 * @param memoryLimitMiB container-level memory limit in MiB, if set (0 means "not set")
 * @param restartCount   restarts, present only when a restart policy is configured
 */
public record ContainerMetadata(
        String dockerId,
        String name,
        String knownStatus,
        OptionalLong memoryLimitMiB,
        OptionalLong restartCount) {
}
