/**
 * Exfiltration heuristics applied to names a rule lets through: long names, long labels, encoded-looking labels,
 * bursts of unique subdomains per client and zone, and query rate per client.
 */
package io.dataworkspace.dnsfilter.exfil;
