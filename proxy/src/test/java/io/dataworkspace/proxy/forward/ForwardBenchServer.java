package io.dataworkspace.proxy.forward;

import io.dataworkspace.launcher.config.Env;
import io.dataworkspace.server.NetworkTransport;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.Set;

/**
 * The forwarding engine alone behind a tiny router, for {@code bench/proxy/run.sh} and the peer harness: listens on
 * {@code 127.0.0.1:<port>}, sends {@code /user/alice/ws} to {@code 127.0.0.1:9002} and the rest of
 * {@code /user/alice/} to {@code 127.0.0.1:9001}, everything else gets 404. One event loop (the harness pins the
 * server to one core), on the transport production would choose ({@code NETWORK_TRANSPORT}). Not a test: surefire only runs *Test and *IT.
 *
 * <p>Usage: {@code ForwardBenchServer <port> [httpPort] [wsPort]}
 */
public final class ForwardBenchServer {

    private ForwardBenchServer() {
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
        Upstream http = new Upstream("127.0.0.1", args.length > 1 ? Integer.parseInt(args[1]) : 9001);
        Upstream ws = new Upstream("127.0.0.1", args.length > 2 ? Integer.parseInt(args[2]) : 9002);
        Vertx vertx = NetworkTransport.vertx(Env.system(), new VertxOptions().setEventLoopPoolSize(1));
        ForwardOptions options = ForwardOptions.fromEnv(Map.of()).withProxyCookieNames(Set.of("dws_session"));
        Forwarder forwarder = Forwarder.create(vertx, options, ForwardListener.NONE);
        ForwardIdentity alice = new ForwardIdentity("42", "alice@example.test", "Alice Example");
        ActivityCounters activity = new ActivityCounters();
        HttpServerOptions serverOptions = ServerLimits.DEFAULTS.apply(new HttpServerOptions())
                .setHost("127.0.0.1").setPort(port).setAcceptBacklog(4096)
                // every response is written from its request's event loop, so Vert.x may skip its cross-thread queue
                .setStrictThreadMode(Boolean.parseBoolean(System.getenv().getOrDefault("BENCH_STRICT_THREAD_MODE", "true")));
        HttpServer server = vertx.createHttpServer(serverOptions);
        ServerLimits.install(server, serverOptions);
        server.requestHandler((HttpServerRequest req) -> {
            String path = req.path();
            if (path.startsWith("/user/alice/ws")) {
                forwarder.forward(req, ws, alice, activity);
            } else if (path.startsWith("/user/alice/")) {
                forwarder.forward(req, http, alice, activity);
            } else {
                req.response().setStatusCode(404).end();
            }
        });
        server.listen().onComplete(ar -> {
            if (ar.succeeded()) {
                System.out.println("forward bench server on 127.0.0.1:" + port + " transport="
                        + (vertx.isNativeTransportEnabled() ? "native" : "nio"));
            } else {
                System.err.println("cannot listen on 127.0.0.1:" + port + ": " + ar.cause().getMessage());
                vertx.close();
                System.exit(1);
            }
        });
    }
}
