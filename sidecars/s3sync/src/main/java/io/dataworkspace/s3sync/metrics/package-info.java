/** Prometheus metrics of the sidecar. */
package io.dataworkspace.s3sync.metrics;
