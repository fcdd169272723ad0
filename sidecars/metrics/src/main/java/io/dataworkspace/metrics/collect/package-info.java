/**
 * Scrape-time collection: turns a metadata snapshot into ecs_exporter-compatible series
 * ({@link io.dataworkspace.metrics.collect.EcsCollector}), counts failures
 * ({@link io.dataworkspace.metrics.collect.SidecarMetrics}) and orchestrates one scrape
 * ({@link io.dataworkspace.metrics.collect.Scraper}).
 */
package io.dataworkspace.metrics.collect;
