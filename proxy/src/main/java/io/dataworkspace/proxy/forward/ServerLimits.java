package io.dataworkspace.proxy.forward;

import io.dataworkspace.proxy.forward.internal.ConfigValues;
import io.dataworkspace.proxy.forward.internal.StrictParsing;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Request limits of the public HTTP server, applied before any handler runs.
 *
 * <ul>
 *   <li>request line longer than {@code maxInitialLineBytes}: {@code 414}; headers larger than
 *       {@code maxHeaderBytes} in total: {@code 431} (Netty's decoder, Vert.x answers);</li>
 *   <li>a connection with no byte read or written for {@code idleTimeout} is closed (slow or vanished clients;
 *       WebSocket tunnels replace it with their own, longer timeout);</li>
 *   <li>smuggling-shaped requests get {@code 400} and a closed connection: multiple differing
 *       {@code Content-Length} values (Netty refuses them), {@code Content-Length} together with
 *       {@code Transfer-Encoding} (Netty would silently drop the length; {@link #install} makes it an error), and
 *       any {@code Transfer-Encoding} other than a single {@code chunked}.</li>
 * </ul>
 *
 * @param maxHeaderBytes      total size of the request headers, 1 KiB..1 MiB
 * @param maxInitialLineBytes size of the request line, 256 B..64 KiB
 * @param idleTimeout         connection idle timeout, > 0
 */
public record ServerLimits(int maxHeaderBytes, int maxInitialLineBytes, Duration idleTimeout) {

    /** 32 KiB of headers (room for large cookies), 8 KiB request line, 120 s idle. */
    public static final ServerLimits DEFAULTS = new ServerLimits(32 * 1024, 8 * 1024, Duration.ofSeconds(120));

    public ServerLimits {
        if (maxHeaderBytes < 1024 || maxHeaderBytes > 1024 * 1024) {
            throw new IllegalArgumentException("maxHeaderBytes: " + maxHeaderBytes + " (expected: 1024..1048576)");
        }
        if (maxInitialLineBytes < 256 || maxInitialLineBytes > 64 * 1024) {
            throw new IllegalArgumentException("maxInitialLineBytes: " + maxInitialLineBytes + " (expected: 256..65536)");
        }
        ConfigValues.requirePositive("idleTimeout", idleTimeout);
    }

    /**
     * Keys: {@code SERVER_MAX_HEADER_BYTES}, {@code SERVER_MAX_INITIAL_LINE_BYTES}, {@code SERVER_IDLE_TIMEOUT}
     * (duration); absent keys keep {@link #DEFAULTS}.
     */
    public static ServerLimits fromEnv(Map<String, String> env) {
        return new ServerLimits(
                ConfigValues.integer(env, "SERVER_MAX_HEADER_BYTES", DEFAULTS.maxHeaderBytes()),
                ConfigValues.integer(env, "SERVER_MAX_INITIAL_LINE_BYTES", DEFAULTS.maxInitialLineBytes()),
                ConfigValues.duration(env, "SERVER_IDLE_TIMEOUT", DEFAULTS.idleTimeout()));
    }

    /**
     * Sets the limits and the proxy-friendly settings on {@code options}: HTTP/1.1 only (no h2c sniffing), no
     * compression (bodies pass through as the tool sent them), no WebSocket extensions in the proxy (the tool
     * negotiates them), no automatic {@code 100 Continue} (the forwarder sends it once the tool is reachable),
     * TCP_NODELAY, 64 KiB body chunks.
     *
     * @return {@code options}
     */
    public HttpServerOptions apply(HttpServerOptions options) {
        return options
                .setMaxHeaderSize(maxHeaderBytes)
                .setMaxInitialLineLength(maxInitialLineBytes)
                .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setHttp2ClearTextEnabled(false)
                .setCompressionSupported(false)
                .setDecompressionSupported(false)
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                .setHandle100ContinueAutomatically(false)
                .setTcpNoDelay(true)
                .setMaxChunkSize(64 * 1024);
    }

    /**
     * Installs strict request parsing and the plain-text answers for invalid requests on {@code server}. Uses the
     * server's connection handler: callers needing their own call {@link #hardenConnection} from it instead, and
     * {@link #rejectInvalidRequest} as invalid-request handler.
     *
     * @param options the options the server was created with (after {@link #apply})
     */
    public static HttpServer install(HttpServer server, HttpServerOptions options) {
        return server
                .connectionHandler(conn -> hardenConnection(conn, options))
                .invalidRequestHandler(ServerLimits::rejectInvalidRequest);
    }

    /**
     * Replaces the connection's HTTP/1.x request decoder by one that also refuses {@code Content-Length} with
     * {@code Transfer-Encoding} and transfer codings other than {@code chunked}. Call it from a connection handler,
     * before the first request is read.
     *
     * @return whether the decoder was replaced (false for HTTP/2 or an unexpected Vert.x internals layout)
     */
    public static boolean hardenConnection(HttpConnection connection, HttpServerOptions options) {
        return StrictParsing.install(connection, options);
    }

    /**
     * Answers a request the decoder refused: 414, 431 or 400 with a one-line reason (never echoing the input), then
     * closes the connection, since its framing can no longer be trusted.
     */
    public static void rejectInvalidRequest(HttpServerRequest request) {
        StrictParsing.reject(request);
    }
}
