package io.dataworkspace.proxy;

import io.dataworkspace.launcher.ControlPlane;
import io.dataworkspace.launcher.StartupException;
import io.dataworkspace.launcher.config.ConfigException;
import io.dataworkspace.launcher.config.Env;
import io.dataworkspace.proxy.forward.FastLane;
import io.dataworkspace.proxy.forward.ForwardOptions;
import io.dataworkspace.proxy.forward.Forwarder;
import io.dataworkspace.proxy.forward.ServerLimits;
import io.dataworkspace.proxy.routing.HostClassifier;
import io.dataworkspace.proxy.routing.HostKind;
import io.dataworkspace.proxy.routing.RouteCache;
import io.dataworkspace.proxy.session.JdbcSessionStore;
import io.dataworkspace.proxy.session.SessionConfig;
import io.dataworkspace.proxy.session.SessionCookies;
import io.dataworkspace.proxy.spawn.ProgressHub;
import io.dataworkspace.proxy.spawn.ProgressStream;
import io.dataworkspace.proxy.sso.OidcProvider;
import io.dataworkspace.proxy.sso.PublicOrigin;
import io.dataworkspace.proxy.sso.SsoConfig;
import io.dataworkspace.proxy.sso.SsoRoutes;
import io.dataworkspace.proxy.web.ClientAddress;
import io.dataworkspace.proxy.web.Pages;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy role: one HTTP server for every host. Each request is logged and counted, then classified by Host and
 * handed to the root host's routes (sign-in, home, health, metrics), to a tool host's handler, or answered 404.
 */
public final class ProxyServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);
    private static final Duration ACTIVITY_REPORT_EVERY = Duration.ofSeconds(5);
    private static final String HSTS = "max-age=31536000; includeSubDomains";
    private static final String HEALTH_PATH = "/healthz";
    private static final String METRICS_PATH = "/metrics";
    private static final Duration SESSION_COUNT_EVERY = Duration.ofSeconds(30);
    private static final Duration VISUALISATION_ACCESS_CACHE = Duration.ofSeconds(5);

    private final HttpServer server;
    private final PublicOrigin origin;
    private final OidcProvider provider;
    private final JdbcSessionStore sessions;
    private final Forwarder forwarder;
    private final ControlPlane core;
    private final RouteCache routes;
    private final ProgressHub hub;
    private final ScheduledExecutorService activityReporter;

    private ProxyServer(HttpServer server, PublicOrigin origin, OidcProvider provider, JdbcSessionStore sessions,
            Forwarder forwarder, ControlPlane core, RouteCache routes, ProgressHub hub,
            ScheduledExecutorService activityReporter) {
        this.server = server;
        this.origin = origin;
        this.provider = provider;
        this.sessions = sessions;
        this.forwarder = forwarder;
        this.core = core;
        this.routes = routes;
        this.hub = hub;
        this.activityReporter = activityReporter;
    }

    /** Listens, connects sign-in to its provider, loads the route table, and serves. */
    public static ProxyServer start(ControlPlane core, Vertx vertx, PrometheusMeterRegistry registry, Env env) {
        ProxyConfig config = ProxyConfig.fromEnv(env);
        ServerLimits limits;
        ForwardOptions forwardOptions;
        try {
            limits = ServerLimits.fromEnv(env.asMap());
            forwardOptions = ForwardOptions.fromEnv(env.asMap())
                    .withProxyCookieNames(Set.of(SessionCookies.ROOT, SessionCookies.TOOL, SsoRoutes.SIGN_IN_COOKIE));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        SsoConfig ssoConfig = SsoConfig.fromEnv(env);
        SessionConfig sessionConfig = SessionConfig.fromEnv(env);

        HttpServerOptions options = limits.apply(new HttpServerOptions());
        HttpServer server = vertx.createHttpServer(options);
        Handler<HttpConnection>[] onConnection = newSlot(conn -> { });
        server.connectionHandler(conn -> {
            ServerLimits.hardenConnection(conn, options);
            onConnection[0].handle(conn);
        }).invalidRequestHandler(ServerLimits::rejectInvalidRequest);
        Handler<HttpServerRequest>[] handler = newSlot(request -> request.response().setStatusCode(503).end());
        server.requestHandler(request -> handler[0].handle(request));
        try {
            server.listen(config.port(), config.bindHost()).await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new StartupException("the proxy cannot listen on " + config.bindHost() + ":" + config.port() + ": "
                    + e.getMessage(), e);
        }
        PublicOrigin origin = env.optional("PUBLIC_URL").isPresent() ? PublicOrigin.fromEnv(env)
                : new PublicOrigin("http", "localhost", server.actualPort());

        forwardOptions = forwardOptions.withDefaultResponseHeaders(toolResponseHeaders(origin));

        OidcProvider provider;
        try {
            provider = OidcProvider.start(vertx, ssoConfig).await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            server.close();
            throw new StartupException("sign-in cannot start: " + e.getMessage(), e);
        }
        JdbcSessionStore sessions = new JdbcSessionStore(vertx, core.database().jdbc(), sessionConfig);
        SessionCookies cookies = new SessionCookies(origin.secure(), sessionConfig.maxAge());
        ClientAddress clientAddress = new ClientAddress(forwardOptions.trustedHops());
        SsoRoutes sso = new SsoRoutes(vertx, ssoConfig, origin, provider, sessions, cookies, core.database().jdbc(),
                clientAddress);

        ProgressHub hub = new ProgressHub();
        ProxyMetrics metrics = new ProxyMetrics(registry, hub);
        RouteCache routes = new RouteCache(core.instances());
        core.changeFeed().subscribe(routes);
        core.changeFeed().subscribe(hub);
        routes.reload();
        Forwarder forwarder = Forwarder.create(vertx, forwardOptions, metrics);

        Router root = new RootRoutes(vertx, origin, sessions, sso, core, registry, clientAddress).router();
        AppHostHandler apps = new AppHostHandler(vertx, origin, sessions, sso, routes, forwarder, core.spawns(),
                core.tools(), new ProgressStream(vertx, core.instances(), hub), core.audit(), metrics, clientAddress);
        HostAccess toolOwners = new ToolOwnerAccess();
        HostAccess viewers = new VisualisationAccess(core.tools(), VISUALISATION_ACCESS_CACHE);
        HostClassifier hosts = new HostClassifier(origin.authority());
        AccessLog access = new AccessLog(metrics);
        if (config.fastPath()) {
            FastLane lane = new AppFastLane(origin, hosts, sessions, routes, toolOwners, viewers, metrics, access);
            ServerLimits serverLimits = limits;
            onConnection[0] = conn -> forwarder.installFastPath(conn, lane, serverLimits);
        }
        boolean tls = origin.secure();
        handler[0] = request -> {
            if (tls) {
                request.response().putHeader("Strict-Transport-Security", HSTS);
            }
            HostKind kind = hosts.classify(request.authority() == null ? null : request.authority().toString());
            if (kind instanceof HostKind.Tool tool) {
                access.begin(request, "tool");
                apps.handle(request, AppHost.of(tool), toolOwners);
            } else if (kind instanceof HostKind.Root) {
                access.begin(request, "root");
                root.handle(request);
            } else if (kind instanceof HostKind.Visualisation visualisation) {
                access.begin(request, "visualisation");
                apps.handle(request, AppHost.of(visualisation, origin), viewers);
            } else if (HEALTH_PATH.equals(request.path()) || METRICS_PATH.equals(request.path())) {
                // load balancers and Prometheus address a replica by its IP: health and metrics answer any Host
                access.begin(request, "probe");
                root.handle(request);
            } else {
                access.begin(request, "unknown");
                Pages.message(request.response(), 404, "Unknown host",
                        "This server answers for " + origin.authority() + " and its tools only.");
            }
        };

        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "proxy-activity");
            t.setDaemon(true);
            return t;
        });
        reporter.scheduleWithFixedDelay(() -> routes.reportActivity(core.activity()),
                ACTIVITY_REPORT_EVERY.toMillis(), ACTIVITY_REPORT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        reporter.scheduleWithFixedDelay(() -> {
            try {
                metrics.activeSessions(sessions.activeSessions());
            } catch (RuntimeException e) {
                log.warn("cannot count active sessions: {}", e.getMessage());
            }
        }, 0, SESSION_COUNT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        log.info("proxy on {} (listening on {}:{}; sign-in: {}{})", origin.url(), config.bindHost(),
                server.actualPort(), provider.issuer(), provider.isEmbedded() ? ", embedded for development" : "");
        return new ProxyServer(server, origin, provider, sessions, forwarder, core, routes, hub, reporter);
    }

    /**
     * Security headers on tool responses, unless the tool sets its own: no MIME sniffing, no cross-origin referrers,
     * no framing by other sites, and HSTS when the platform is served over TLS.
     */
    static Map<String, String> toolResponseHeaders(PublicOrigin origin) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "same-origin");
        headers.put("Content-Security-Policy", "frame-ancestors 'self'");
        if (origin.secure()) {
            headers.put("Strict-Transport-Security", HSTS);
        }
        return headers;
    }

    /** A handler set once start-up has what it needs; {@code initial} until then. */
    @SuppressWarnings("unchecked")
    private static <T> Handler<T>[] newSlot(Handler<T> initial) {
        Handler<T>[] slot = new Handler[1];
        slot[0] = initial;
        return slot;
    }

    public PublicOrigin origin() {
        return origin;
    }

    public int port() {
        return server.actualPort();
    }

    /** The OpenID issuer sign-in uses (the embedded one in development). */
    public URI issuer() {
        return provider.issuer();
    }

    public RouteCache routes() {
        return routes;
    }

    @Override
    public void close() {
        activityReporter.shutdownNow();
        routes.reportActivity(core.activity());
        core.changeFeed().unsubscribe(routes);
        core.changeFeed().unsubscribe(hub);
        try {
            server.close().await(10, TimeUnit.SECONDS);
            forwarder.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("the proxy did not close cleanly: {}", e.getMessage());
        }
        sessions.close();
        provider.close();
    }
}
