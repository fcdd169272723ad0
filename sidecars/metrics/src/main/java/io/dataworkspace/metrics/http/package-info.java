/** The sidecar's HTTP endpoints: /metrics (Prometheus text), /cpu (JSON for the culler), /healthz. */
package io.dataworkspace.metrics.http;
