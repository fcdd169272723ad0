/** Micrometer meters of the DNS filter, named {@code dataworkspace_dnsfilter_...}. */
package io.dataworkspace.dnsfilter.metrics;
