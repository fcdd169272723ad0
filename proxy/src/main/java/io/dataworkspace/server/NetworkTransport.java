package io.dataworkspace.server;

import io.dataworkspace.launcher.config.ConfigException;
import io.dataworkspace.launcher.config.Env;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty transport the server's Vert.x runs on, from {@code NETWORK_TRANSPORT}: {@code auto} (default: io_uring
 * when the kernel allows it, else epoll, else Java NIO), {@code io_uring}, {@code epoll} or {@code nio}. Asking for
 * one the machine cannot give is an error that says why (a container's seccomp profile commonly refuses io_uring).
 */
public final class NetworkTransport {
    private static final Logger log = LoggerFactory.getLogger(NetworkTransport.class);
    private static final List<String> NAMES = List.of("auto", "io_uring", "epoll", "nio");

    private NetworkTransport() {
    }

    /** A Vert.x on the transport {@code NETWORK_TRANSPORT} chooses, with the given options. */
    public static Vertx vertx(Env env, VertxOptions options) {
        return vertx(choose(env), options);
    }

    /** A Vert.x on {@code transport}, with the given options; logs the transport. */
    public static Vertx vertx(Transport transport, VertxOptions options) {
        log.info("network transport: {}", transport.name());
        return Vertx.builder().with(options).withTransport(transport).build();
    }

    /** The transport {@code NETWORK_TRANSPORT} chooses on this machine. */
    public static Transport choose(Env env) {
        return choose(env.string("NETWORK_TRANSPORT", "auto"));
    }

    static Transport choose(String setting) {
        String name = setting.trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "auto" -> Transport.IO_URING.available() ? Transport.IO_URING
                    : Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO;
            case "io_uring" -> available(Transport.IO_URING, name);
            case "epoll" -> available(Transport.EPOLL, name);
            case "nio" -> Transport.NIO;
            default -> throw new ConfigException(
                    "NETWORK_TRANSPORT must be one of " + NAMES + ", not '" + setting + "'");
        };
    }

    private static Transport available(Transport transport, String name) {
        if (!transport.available()) {
            Throwable cause = transport.unavailabilityCause();
            throw new ConfigException("NETWORK_TRANSPORT=" + name + " is not available on this machine: "
                    + (cause == null ? "no native library for this platform" : cause.getMessage()));
        }
        return transport;
    }
}
