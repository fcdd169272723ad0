/** Configuration of the metrics sidecar: an immutable record built from the environment. */
package io.dataworkspace.metrics.config;
