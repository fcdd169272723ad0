package io.dataworkspace.proxy.sso;

import io.dataworkspace.launcher.config.Env;
import io.dataworkspace.launcher.db.Database;
import io.dataworkspace.launcher.testing.TestPostgres;
import io.dataworkspace.proxy.session.JdbcSessionStore;
import io.dataworkspace.proxy.session.SessionConfig;
import io.dataworkspace.proxy.session.SessionCookies;
import io.dataworkspace.proxy.testing.Browser;
import io.dataworkspace.server.NetworkTransport;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real proxy-shaped server on port 0 with sign-in mounted on the root host, a stand-in tool host that accepts
 * only its own host-bound session, the embedded OpenID provider (mock-oauth2-server, the very code path used when
 * no OIDC_ISSUER is set) and a real PostgreSQL database.
 */
final class SsoFixture implements AutoCloseable {
    final Vertx vertx;
    final Database db;
    final JdbcSessionStore sessions;
    final OidcProvider provider;
    final HttpServer server;
    final PublicOrigin origin;
    final SsoRoutes sso;
    final int port;
    private final List<Browser> browsers = new CopyOnWriteArrayList<>();

    private SsoFixture(Vertx vertx, Database db, Map<String, String> env) throws Exception {
        this.vertx = vertx;
        this.db = db;
        Env settings = new Env(env);
        SessionConfig sessionConfig = SessionConfig.fromEnv(settings);
        sessions = new JdbcSessionStore(vertx, db.jdbc(), sessionConfig);
        SsoConfig ssoConfig = SsoConfig.fromEnv(settings);
        provider = OidcProvider.start(vertx, ssoConfig).await(60, TimeUnit.SECONDS);
        Router router = Router.router(vertx);
        router.get("/").handler(ctx -> SessionCookies.read(ctx.request(), SessionCookies.ROOT)
                .map(t -> sessions.resolve(t, null))
                .orElse(io.vertx.core.Future.succeededFuture(Optional.empty()))
                .onComplete(found -> {
                    if (found.succeeded() && found.result().isPresent()) {
                        ctx.response().end("home of " + found.result().get().email());
                    } else {
                        ctx.response().setStatusCode(401).end("not signed in");
                    }
                }));
        server = vertx.createHttpServer();
        PublicOrigin[] originRef = new PublicOrigin[1];
        SsoRoutes[] ssoRef = new SsoRoutes[1];
        server.requestHandler(req -> dispatch(req, router, originRef[0], ssoRef[0]));
        server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        port = server.actualPort();
        String scheme = env.getOrDefault("TEST_SCHEME", "http");
        origin = new PublicOrigin(scheme, "localhost", port);
        originRef[0] = origin;
        sso = new SsoRoutes(vertx, ssoConfig, origin, provider, sessions,
                new SessionCookies(origin.secure(), sessionConfig.maxAge()), db.jdbc(),
                req -> req.remoteAddress().host());
        ssoRef[0] = sso;
        sso.mountOnRoot(router);
    }

    static SsoFixture start(Map<String, String> env) {
        Vertx vertx = NetworkTransport.vertx(Env.system(), new VertxOptions());
        Database db = Database.connect(TestPostgres.newDatabaseUrl(), "postgres", null, 6);
        try {
            return new SsoFixture(vertx, db, env);
        } catch (Exception e) {
            db.close();
            vertx.close();
            throw new IllegalStateException("fixture did not start: " + e, e);
        }
    }

    /** What the lead's host classification does, reduced to what sign-in needs. */
    private void dispatch(HttpServerRequest req, Router router, PublicOrigin origin, SsoRoutes sso) {
        // authority(), not the Host header: HTTP/2 requests (h2c upgrade included) carry :authority instead.
        io.vertx.core.net.HostAndPort authority = req.authority();
        String host = authority == null ? null
                : authority.port() > 0 ? authority.host() + ":" + authority.port() : authority.host();
        if (origin.isRoot(host)) {
            router.handle(req);
            return;
        }
        Optional<String> label = origin.toolLabel(host);
        if (label.isEmpty()) {
            req.response().setStatusCode(421).end("unknown host");
            return;
        }
        if (req.path().equals(SsoRoutes.TOOL_HANDOFF_PATH)) {
            sso.handleToolHandoff(req, host);
            return;
        }
        SessionCookies.read(req, SessionCookies.TOOL)
                .map(t -> sessions.resolve(t, origin.canonicalToolHost(host).orElseThrow()))
                .orElse(io.vertx.core.Future.succeededFuture(Optional.empty()))
                .onComplete(found -> {
                    if (found.succeeded() && found.result().isPresent()) {
                        req.response().end("tool " + label.get() + " for " + found.result().get().email());
                    } else {
                        req.response().setStatusCode(302).putHeader("Location", sso.handoffUrl(host, req.uri()))
                                .end();
                    }
                });
    }

    /** A new browser with an empty cookie jar, closed with the fixture. */
    Browser browser() {
        Browser browser = new Browser(vertx);
        browsers.add(browser);
        return browser;
    }

    String rootUrl(String path) {
        return origin.url() + path;
    }

    String toolUrl(String label, String path) {
        return origin.toolUrl(label) + path;
    }

    /** Starts a sign-in at /auth/login and returns the provider's login page response. */
    Browser.Response startSignIn(Browser browser, String next) {
        Browser.Response login = browser.get(rootUrl("/auth/login?next=" + enc(next)));
        if (login.status() != 302) {
            throw new AssertionError("/auth/login answered " + login.status() + ": " + login.body());
        }
        Browser.Response page = browser.get(login.location());
        if (page.status() != 200) {
            throw new AssertionError("provider login page answered " + page.status() + ": " + page.body());
        }
        return page;
    }

    /** Submits the development login form as a person would (the page's script puts email and name in claims). */
    Browser.Response submitLogin(Browser browser, Browser.Response page, String email, String name) {
        Map<String, String> form = new HashMap<>();
        form.put("username", email);
        form.put("claims", new JsonObject().put("email", email).put("name", name).encode());
        Browser.Response toCallback = browser.post(page.url(), form);
        if (toCallback.status() != 302) {
            throw new AssertionError("provider answered the login at " + page.url() + " with "
                    + toCallback.status() + " " + toCallback.headers() + ": " + toCallback.body());
        }
        return toCallback;
    }

    /** The whole round trip; returns /auth/callback's response. */
    Browser.Response signIn(Browser browser, String email, String name, String next) {
        Browser.Response page = startSignIn(browser, next);
        return browser.get(submitLogin(browser, page, email, name).location());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        browsers.forEach(Browser::close);
        try {
            server.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        sessions.close();
        provider.close();
        db.close();
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
    }
}
