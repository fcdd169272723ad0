/** The small HTTP server for /healthz and /metrics (JDK HTTP server: no extra dependency, fast start). */
package io.dataworkspace.s3sync.http;
