package io.dataworkspace.dnsfilter.server;

import io.dataworkspace.dnsfilter.net.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.codec.dns.TcpDnsQueryDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The UDP and TCP listeners on one address and port, all on one event loop (the same as the engine's, so a query
 * never changes thread). The port may be 0: the UDP port chosen is then reused for TCP. On the epoll transport the
 * UDP socket is read with {@code recvmmsg} (up to {@value #DATAGRAMS_PER_READ} queries of at most
 * {@value #MAX_QUERY_BYTES} bytes per call; a longer query is cut there and answered FORMERR or dropped) and the
 * replies of a batch leave in one {@code sendmmsg}.
 */
public final class DnsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
    /** Largest query read on the epoll transport: a query is one question and an OPT record. */
    static final int MAX_QUERY_BYTES = 2048;
    /** Datagrams one {@code recvmmsg} call reads at most. */
    static final int DATAGRAMS_PER_READ = 32;

    private final Channel udp;
    private final Channel tcp;
    private final AtomicInteger tcpConnections = new AtomicInteger();

    /**
     * Binds both sockets; blocks until bound.
     *
     * @param loop           the DNS event loop
     * @param transport      the loop's transport
     * @param host           address to bind
     * @param port           port to bind, 0 for any
     * @param engine         the query engine
     * @param ednsUdpSize    largest UDP reply to EDNS0 clients
     * @param tcpIdle        TCP idle timeout
     * @param tcpMax         most TCP connections at once; more are closed on accept
     * @param observer       metrics hook (FORMERR counts)
     * @throws InterruptedException when interrupted while binding
     */
    public DnsServer(EventLoop loop, Transport transport, String host, int port, QueryEngine engine, int ednsUdpSize,
                     Duration tcpIdle, int tcpMax, QueryObserver observer) throws InterruptedException {
        ResponseWriter writer = new ResponseWriter(ednsUdpSize);
        Channel boundUdp = null;
        Channel boundTcp = null;
        // with port 0 the UDP port is chosen first and TCP must get the same number: retry if it is taken for TCP
        for (int attempt = 0; boundTcp == null; attempt++) {
            boundUdp = bindUdp(loop, transport, host, port, engine, writer, observer);
            int bound = ((InetSocketAddress) boundUdp.localAddress()).getPort();
            try {
                boundTcp = bindTcp(loop, transport, host, bound, engine, writer, observer, tcpIdle, tcpMax);
            } catch (Exception e) {   // Netty rethrows BindException unchecked: precise rethrow keeps the signature
                boundUdp.close().syncUninterruptibly();
                if (port != 0 || attempt >= 10) {
                    throw e;
                }
            }
        }
        this.udp = boundUdp;
        this.tcp = boundTcp;
        LOG.info("DNS listening on {} (UDP and TCP, {} transport)", udp.localAddress(), transport.name());
    }

    private static Channel bindUdp(EventLoop loop, Transport transport, String host, int port, QueryEngine engine,
                                   ResponseWriter writer, QueryObserver observer) throws InterruptedException {
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channelFactory(transport.datagramChannelFactory(isIpv4Literal(host)))
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                // small, short-lived buffers on one thread: the pooled allocator's thread cache is the cheapest
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new UdpQueryHandler(engine, writer, observer));
                    }
                });
        if (transport.epoll()) {
            // one buffer holds a whole recvmmsg batch; each datagram arrives as a slice of it
            b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_QUERY_BYTES)
                    .option(ChannelOption.RCVBUF_ALLOCATOR,
                            new FixedRecvByteBufAllocator(MAX_QUERY_BYTES * DATAGRAMS_PER_READ))
                    .option(ChannelOption.MAX_MESSAGES_PER_READ, 4 * DATAGRAMS_PER_READ)
                    .option(ChannelOption.MAX_MESSAGES_PER_WRITE, 4 * DATAGRAMS_PER_READ);
        } else {
            b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(4096))
                    .option(ChannelOption.MAX_MESSAGES_PER_READ, 16);
        }
        return b.bind(host, port).sync().channel();
    }

    private static boolean isIpv4Literal(String host) {
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private Channel bindTcp(EventLoop loop, Transport transport, String host, int port, QueryEngine engine,
                            ResponseWriter writer, QueryObserver observer, Duration tcpIdle, int tcpMax)
            throws InterruptedException {
        long idleMs = Math.max(1, tcpIdle.toMillis());
        return new ServerBootstrap()
                .group(loop)
                .channel(transport.serverSocketChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 << 10, 256 << 10))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tcpConnections.incrementAndGet() > tcpMax) {
                            tcpConnections.decrementAndGet();
                            LOG.warn("TCP connection limit {} reached: closing a connection from {}", tcpMax,
                                    ch.remoteAddress());
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> tcpConnections.decrementAndGet());
                        ch.pipeline().addLast(
                                new IdleStateHandler(0, 0, idleMs, TimeUnit.MILLISECONDS),
                                new TcpDnsQueryDecoder(new QueryRecordDecoder(), 65535),
                                new TcpQueryHandler(engine, writer, observer));
                    }
                })
                .bind(host, port).sync().channel();
    }

    /** @return the bound UDP (and TCP) address */
    public InetSocketAddress address() {
        return (InetSocketAddress) udp.localAddress();
    }

    /** @return open TCP connections */
    public int tcpConnections() {
        return tcpConnections.get();
    }

    @Override
    public void close() {
        udp.close().syncUninterruptibly();
        tcp.close().syncUninterruptibly();
    }
}
