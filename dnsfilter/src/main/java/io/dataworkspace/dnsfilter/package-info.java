/**
 * The DNS filter: the only resolver of the tools' subnets. Its {@link io.dataworkspace.dnsfilter.Main} wires the
 * rules ({@code rules}), the exfiltration heuristics ({@code exfil}), forwarding and caching ({@code resolve}), the
 * UDP/TCP DNS server ({@code server}) and the admin HTTP port ({@code http}).
 */
package io.dataworkspace.dnsfilter;
