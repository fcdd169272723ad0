package io.dataworkspace.dnsfilter.server;

import java.net.InetSocketAddress;

/**
 * A query that cannot be decoded (or does not hold exactly one question) but whose header is readable, so a
 * FORMERR can be sent.
 *
 * @param sender who sent it
 * @param id     its message id
 * @param flags  its flags word
 */
record MalformedQuery(InetSocketAddress sender, int id, int flags) implements ParseResult { }
