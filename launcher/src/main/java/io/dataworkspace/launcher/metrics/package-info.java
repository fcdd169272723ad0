/** Prometheus metrics of the control plane. */
package io.dataworkspace.launcher.metrics;
