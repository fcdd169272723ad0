/** A minimal, dependency-free writer of the Prometheus text exposition format for scrape-time series. */
package io.dataworkspace.metrics.exposition;
