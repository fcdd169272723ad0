package io.dataworkspace.metrics.ecs;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The parts of {@code ${ECS_CONTAINER_METADATA_URI_V4}/task} this sidecar exports.
 * Strings that the endpoint omits are empty, never null.
 *
 * @param cluster          cluster ARN or name
 * @param taskArn          task ARN
 * @param family           task-definition family
 * @param revision         task-definition revision
 * @param desiredStatus    desired status of the task
 * @param knownStatus      known status of the task
 * @param availabilityZone availability zone (Fargate 1.4+)
 * @param launchType       FARGATE, EC2...
 * @param cpuLimitVcpus    task-level CPU limit in vCPUs, if set
 * @param memoryLimitMiB   task-level memory limit in MiB, if set
 * @param pullStartedAt    when the first image pull started
 * @param pullStoppedAt    when the last image pull finished
 * @param ephemeralStorage Fargate ephemeral storage use, if reported
 * @param containers       the task's containers, in the endpoint's order
 */
public record TaskMetadata(
        String cluster,
        String taskArn,
        String family,
        String revision,
        String desiredStatus,
        String knownStatus,
        String availabilityZone,
        String launchType,
        OptionalDouble cpuLimitVcpus,
        OptionalLong memoryLimitMiB,
        Optional<Instant> pullStartedAt,
        Optional<Instant> pullStoppedAt,
        Optional<EphemeralStorage> ephemeralStorage,
        List<ContainerMetadata> containers) {

    /** Copies the container list. */
    public TaskMetadata {
        containers = List.copyOf(containers);
    }

    /**
     * Fargate ephemeral storage, in MiB as the endpoint reports it.
     *
     * @param utilizedMiB used
     * @param reservedMiB allocated
     */
    public record EphemeralStorage(long utilizedMiB, long reservedMiB) {
    }
}
