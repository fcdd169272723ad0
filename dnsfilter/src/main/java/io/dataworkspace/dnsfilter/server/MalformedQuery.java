package io.dataworkspace.dnsfilter.server;

import java.net.InetSocketAddress;

/**
 * A datagram that Netty's decoder rejected but whose header is readable, so a FORMERR can be sent.
 *
 * @param sender who sent it
 * @param id     its message id
 * @param flags  its flags word
 */
record MalformedQuery(InetSocketAddress sender, int id, int flags) { }
