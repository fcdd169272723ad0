/**
 * Meters of the DNS filter, named {@code dataworkspace_dnsfilter_...}: Micrometer meters, and a latency histogram
 * registered directly with the Prometheus registry (single-writer counters, cheaper than a Micrometer timer).
 */
package io.dataworkspace.dnsfilter.metrics;
