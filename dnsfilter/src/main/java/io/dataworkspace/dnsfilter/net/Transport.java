package io.dataworkspace.dnsfilter.net;

import io.netty.channel.ChannelFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.util.Locale;

/**
 * Which Netty transport the DNS event loop, its listeners and the upstream sockets use. Every channel of an event
 * loop must come from the loop's own transport, so this one object hands out all of them.
 *
 * @param epoll whether this is the native epoll transport (else NIO)
 */
public record Transport(boolean epoll) {

    /** The choice in the configuration ({@code DNSFILTER_TRANSPORT}). */
    public enum Choice {
        /** Native epoll when it loads, else NIO. */
        AUTO,
        /** Native epoll, or fail at start. */
        EPOLL,
        /** Java NIO. */
        NIO;

        /**
         * @param text {@code auto}, {@code epoll} or {@code nio}, any case
         * @return the choice
         * @throws IllegalArgumentException naming the accepted values
         */
        public static Choice parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("DNSFILTER_TRANSPORT: '" + text + "' (expected: auto, epoll or nio)");
            }
        }
    }

    /**
     * @param choice what the configuration asks for
     * @return the transport to use
     * @throws IllegalStateException when epoll is demanded but cannot load here
     */
    public static Transport select(Choice choice) {
        return switch (choice) {
            case NIO -> new Transport(false);
            case AUTO -> new Transport(Epoll.isAvailable());
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("DNSFILTER_TRANSPORT=epoll but native epoll cannot load: "
                            + Epoll.unavailabilityCause());
                }
                yield new Transport(true);
            }
        };
    }

    /** @return the event loop's I/O handler */
    public IoHandlerFactory ioHandlerFactory() {
        return epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    /** @return the UDP channel class */
    public Class<? extends DatagramChannel> datagramChannel() {
        return epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /**
     * A UDP channel of one address family: an IPv4 socket for an IPv4 address saves the kernel the IPv6 path with
     * mapped addresses on every datagram.
     *
     * @param ipv4 whether the channel is for IPv4 only
     * @return a factory of such channels
     */
    public ChannelFactory<DatagramChannel> datagramChannelFactory(boolean ipv4) {
        if (!ipv4) {
            return epoll ? EpollDatagramChannel::new : NioDatagramChannel::new;
        }
        return epoll ? () -> new EpollDatagramChannel(SocketProtocolFamily.INET)
                : () -> new NioDatagramChannel(SocketProtocolFamily.INET);
    }

    /** @return the TCP listening channel class */
    public Class<? extends ServerSocketChannel> serverSocketChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** @return the TCP client channel class */
    public Class<? extends SocketChannel> socketChannel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** @return {@code epoll} or {@code nio}, for logs */
    public String name() {
        return epoll ? "epoll" : "nio";
    }
}
