/**
 * The {@code fargate} backend: tools as ECS Fargate tasks (RunTask, DescribeTasks, StopTask, ListTasks through the
 * AWS SDK v2), configured by {@link io.dataworkspace.launcher.backend.fargate.FargateConfig}.
 */
package io.dataworkspace.launcher.backend.fargate;
