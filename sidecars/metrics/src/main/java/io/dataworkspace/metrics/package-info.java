/**
 * The metrics sidecar: ECS task metadata v4 to Prometheus series named like prometheus-community's
 * ecs_exporter, plus a CPU sample endpoint for the launcher's culler and, when configured, the task's loopback
 * credentials relay ({@link io.dataworkspace.metrics.relay}). {@link io.dataworkspace.metrics.Main}
 * only wires; {@link io.dataworkspace.metrics.MetricsSidecar} is the running instance.
 */
package io.dataworkspace.metrics;
