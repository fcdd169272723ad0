/**
 * The ECS task metadata endpoint v4: its documents as records ({@link io.dataworkspace.metrics.ecs.TaskMetadata},
 * {@link io.dataworkspace.metrics.ecs.TaskStats}), their parser, and the HTTP source with its typed outcomes.
 */
package io.dataworkspace.metrics.ecs;
