/**
 * The DNS server: the UDP listener (queries parsed straight from the datagrams, read and answered in batches), the
 * TCP listener on Netty's DNS codec, the query engine that applies rules and heuristics in order, and the response
 * writer (EDNS0, truncation). All query handling runs on one event loop.
 */
package io.dataworkspace.dnsfilter.server;
