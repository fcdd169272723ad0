package io.dataworkspace.proxy.forward;

import io.dataworkspace.launcher.config.Env;
import io.dataworkspace.server.NetworkTransport;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A real upstream server and a real proxy server using the {@link Forwarder}, both on port 0, plus a client.
 * The upstream records the head of every request it receives.
 */
final class ForwardFixture implements AutoCloseable {

    static final ForwardIdentity ALICE = new ForwardIdentity("42", "alice@example.test", "Alice Example");

    /** What the upstream saw. */
    record Seen(String method, String uri, MultiMap headers) {
    }

    final Vertx vertx;
    final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    final ActivityCounters activity = new ActivityCounters(System::currentTimeMillis, 0);
    final RecordingListener listener = new RecordingListener();
    final HttpServer upstream;
    final HttpServer proxy;
    final Forwarder forwarder;
    final HttpClient client;
    final int upstreamPort;
    final int proxyPort;

    /** Requests the fast path forwarded, as reported to its lane when they ended. */
    final List<String> fastFinished = new CopyOnWriteArrayList<>();

    private ForwardFixture(Vertx vertx, ForwardOptions options, HttpServerOptions upstreamOptions,
            Consumer<HttpServer> configure, Handler<HttpServerRequest> upstreamHandler, boolean routeToUpstream,
            boolean fastPath) {
        this.vertx = vertx;
        upstream = vertx.createHttpServer(upstreamOptions);
        configure.accept(upstream);
        upstream.requestHandler(req -> {
            seen.add(new Seen(req.method().name(), req.uri(), MultiMap.caseInsensitiveMultiMap().addAll(req.headers())));
            upstreamHandler.handle(req);
        });
        await(upstream.listen(0, "127.0.0.1"));
        upstreamPort = upstream.actualPort();
        forwarder = Forwarder.create(vertx, options, listener);
        HttpServerOptions proxyOptions = ServerLimits.DEFAULTS.apply(new HttpServerOptions());
        proxy = vertx.createHttpServer(proxyOptions);
        ServerLimits.install(proxy, proxyOptions);
        Upstream target = new Upstream("127.0.0.1", routeToUpstream ? upstreamPort : freePort());
        if (fastPath) {
            FastLane lane = new EverythingLane(new FastLane.Target(target, ALICE, activity, "tool"));
            proxy.connectionHandler(conn -> {
                ServerLimits.hardenConnection(conn, proxyOptions);
                if (!forwarder.installFastPath(conn, lane, ServerLimits.DEFAULTS)) {
                    throw new AssertionError("the fast path could not be installed");
                }
            });
        }
        proxy.requestHandler(req -> forwarder.forward(req, target, ALICE, activity));
        await(proxy.listen(0, "127.0.0.1"));
        proxyPort = proxy.actualPort();
        client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(proxyPort).setMaxHeaderSize(64 * 1024));
    }

    /**
     * @param options         forwarder options
     * @param upstreamOptions upstream server options
     * @param configure       configures the upstream server (e.g. WebSocket handlers)
     * @param upstreamHandler the upstream's request handler; requests are recorded before it runs
     * @param routeToUpstream false to route to a port where nothing listens
     * @param fastPath        whether the proxy has the fast path in front of its HTTP server (as in production);
     *                        false: every request goes through the server's handler and {@link Forwarder#forward}
     */
    static ForwardFixture start(ForwardOptions options, HttpServerOptions upstreamOptions,
            Consumer<HttpServer> configure, Handler<HttpServerRequest> upstreamHandler, boolean routeToUpstream,
            boolean fastPath) {
        Vertx vertx = NetworkTransport.vertx(Env.system(), new VertxOptions());
        try {
            return new ForwardFixture(vertx, options, upstreamOptions, configure, upstreamHandler, routeToUpstream,
                    fastPath);
        } catch (RuntimeException | AssertionError e) {
            vertx.close();
            throw e;
        }
    }

    static ForwardFixture start(ForwardOptions options, Handler<HttpServerRequest> upstreamHandler,
            boolean fastPath) {
        return start(options, new HttpServerOptions(), s -> { }, upstreamHandler, true, fastPath);
    }

    /** A lane that sends every plain request to the one upstream, and records each finished request. */
    private final class EverythingLane implements FastLane {
        private final Target target;

        EverythingLane(Target target) {
            this.target = target;
        }

        @Override
        public Target target(Request request) {
            return target;
        }

        @Override
        public String requestId(CharSequence inbound) {
            return inbound == null ? "fast-" + fastFinished.size() : inbound.toString();
        }

        @Override
        public void finished(Target t, Done done) {
            fastFinished.add(done.method() + " " + done.path() + " " + done.status());
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("operation failed: " + e, e);
        }
    }

    /**
     * Runs a client operation on a Vert.x context and waits for it. Building the future chain there (not on the test
     * thread) matters: Vert.x expects response handlers to be set in the response callback, and a chain composed
     * from another thread may attach them after the body was already delivered (and dropped).
     */
    <T> T call(java.util.function.Supplier<Future<T>> operation) {
        io.vertx.core.Promise<T> result = io.vertx.core.Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> operation.get().onComplete(result));
        return await(result.future());
    }

    Seen nextSeen() throws InterruptedException {
        Seen s = seen.poll(10, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("the upstream received no request");
        }
        return s;
    }

    @Override
    public void close() {
        await(vertx.close());
    }

    /** Records listener calls. */
    static final class RecordingListener implements ForwardListener {
        final List<Integer> statuses = new CopyOnWriteArrayList<>();
        final List<UpstreamFailure> failures = new CopyOnWriteArrayList<>();
        final List<Boolean> failuresAfterStart = new CopyOnWriteArrayList<>();
        final List<Long> latencies = new CopyOnWriteArrayList<>();
        final AtomicInteger openWebSockets = new AtomicInteger();
        final AtomicInteger openedWebSockets = new AtomicInteger();

        @Override
        public void upstreamResponded(Upstream upstream, int status, long latencyNanos) {
            statuses.add(status);
            latencies.add(latencyNanos);
        }

        @Override
        public void upstreamFailed(Upstream upstream, UpstreamFailure failure, boolean started, long latencyNanos) {
            failures.add(failure);
            failuresAfterStart.add(started);
        }

        @Override
        public void webSocketOpened(Upstream upstream) {
            openWebSockets.incrementAndGet();
            openedWebSockets.incrementAndGet();
        }

        @Override
        public void webSocketClosed(Upstream upstream) {
            openWebSockets.decrementAndGet();
        }
    }
}
