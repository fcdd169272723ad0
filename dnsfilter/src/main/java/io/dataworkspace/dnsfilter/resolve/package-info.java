/**
 * Forwarding to the upstream resolvers (random ids and source ports, timeouts, retries across upstreams), the
 * bounded TTL cache of positive and negative answers, request coalescing, and CNAME chain checks.
 * Everything here except {@link io.dataworkspace.dnsfilter.resolve.WireRecord} and
 * {@link io.dataworkspace.dnsfilter.resolve.WireNames} is confined to the DNS event loop.
 */
package io.dataworkspace.dnsfilter.resolve;
