/**
 * The DNS server: UDP and TCP listeners on Netty's DNS codec, the query engine that applies rules and heuristics
 * in order, and the response writer (EDNS0, truncation). All query handling runs on one event loop.
 */
package io.dataworkspace.dnsfilter.server;
