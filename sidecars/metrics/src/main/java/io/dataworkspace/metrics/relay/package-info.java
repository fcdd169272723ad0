/**
 * The credentials relay: a listener on 127.0.0.1 inside the tool's task that forwards
 * {@code GET /task-credentials/aws} (with the caller's {@code Authorization} header and nothing else) to the
 * launcher's container-credentials endpoint, so that AWS SDKs, which accept a plain-http
 * {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} only on loopback, can use it on Fargate.
 */
package io.dataworkspace.metrics.relay;
