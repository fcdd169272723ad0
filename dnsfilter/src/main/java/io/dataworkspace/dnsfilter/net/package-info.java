/**
 * The network transport: Netty's native epoll on Linux (batched {@code recvmmsg}/{@code sendmmsg}, SO_REUSEPORT),
 * Java NIO wherever the native library cannot load.
 */
package io.dataworkspace.dnsfilter.net;
