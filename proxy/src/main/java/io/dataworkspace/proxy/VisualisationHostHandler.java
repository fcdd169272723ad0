package io.dataworkspace.proxy;

import io.dataworkspace.launcher.audit.AuditLog;
import io.dataworkspace.launcher.spawn.SpawnRefusedException;
import io.dataworkspace.launcher.spawn.SpawnService;
import io.dataworkspace.proxy.VisualisationAccess.Decision;
import io.dataworkspace.proxy.forward.ForwardIdentity;
import io.dataworkspace.proxy.forward.Forwarder;
import io.dataworkspace.proxy.routing.HostKind;
import io.dataworkspace.proxy.routing.Route;
import io.dataworkspace.proxy.routing.RouteCache;
import io.dataworkspace.proxy.session.Session;
import io.dataworkspace.proxy.session.SessionCookies;
import io.dataworkspace.proxy.session.SessionStore;
import io.dataworkspace.proxy.spawn.ProgressStream;
import io.dataworkspace.proxy.spawn.SpawnPage;
import io.dataworkspace.proxy.sso.PublicOrigin;
import io.dataworkspace.proxy.sso.SsoRoutes;
import io.dataworkspace.proxy.web.ClientAddress;
import io.dataworkspace.proxy.web.Pages;
import io.dataworkspace.proxy.web.Requests;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests to a shared visualisation, {@code <slug>.<root>}: the same stages as a tool host (handoff, host-bound
 * session, route, forward, spawn page) with one difference: instead of "is this your tool", the user must be one of
 * the visualisation's viewers (or an admin). The first viewer's visit starts its one shared instance; everyone
 * after reaches the same one. Others get the 403 page, and the denial is audited.
 */
final class VisualisationHostHandler {
    private static final String PROGRESS_PATH = "/__dw/progress";
    private static final String START_PATH = "/__dw/start";
    private static final long DENIAL_AUDIT_EVERY_MILLIS = 60_000;

    private final Vertx vertx;
    private final PublicOrigin origin;
    private final SessionStore sessions;
    private final SsoRoutes sso;
    private final RouteCache routes;
    private final Forwarder forwarder;
    private final SpawnService spawns;
    private final VisualisationAccess access;
    private final ProgressStream progress;
    private final AuditLog audit;
    private final ProxyMetrics metrics;
    private final ClientAddress clientAddress;
    private final Map<String, Long> lastDenialAudit = new ConcurrentHashMap<>();

    VisualisationHostHandler(Vertx vertx, PublicOrigin origin, SessionStore sessions, SsoRoutes sso,
            RouteCache routes, Forwarder forwarder, SpawnService spawns, VisualisationAccess access,
            ProgressStream progress, AuditLog audit, ProxyMetrics metrics, ClientAddress clientAddress) {
        this.vertx = vertx;
        this.origin = origin;
        this.sessions = sessions;
        this.sso = sso;
        this.routes = routes;
        this.forwarder = forwarder;
        this.spawns = spawns;
        this.access = access;
        this.progress = progress;
        this.audit = audit;
        this.metrics = metrics;
        this.clientAddress = clientAddress;
    }

    void handle(HttpServerRequest request, HostKind.Visualisation visualisation) {
        String slug = visualisation.label();
        String authority = origin.toolAuthority(slug);
        if (SsoRoutes.TOOL_HANDOFF_PATH.equals(request.path())) {
            sso.handleToolHandoff(request, authority);
            return;
        }
        String token = SessionCookies.read(request, SessionCookies.TOOL).orElse(null);
        if (token == null) {
            signIn(request, authority);
            return;
        }
        Optional<Session> cached = sessions.cached(token, authority);
        if (cached.isPresent()) {
            decided(request, slug, cached.get());
            return;
        }
        request.pause();
        sessions.resolve(token, authority).onComplete(result -> {
            if (result.failed()) {
                request.resume();
                unavailable(request, "sessions cannot be checked now; try again shortly");
            } else if (result.result().isEmpty()) {
                request.resume();
                signIn(request, authority);
            } else {
                decided(request, slug, result.result().get());
            }
        });
    }

    private void decided(HttpServerRequest request, String slug, Session session) {
        Optional<Decision> cached = access.cached(session, slug);
        if (cached.isPresent()) {
            act(request, slug, session, cached.get());
            return;
        }
        request.pause();
        vertx.executeBlocking(() -> access.decide(session, slug), false).onComplete(result -> {
            if (result.failed()) {
                request.resume();
                unavailable(request, "access cannot be checked now; try again shortly");
            } else {
                act(request, slug, session, result.result());
            }
        });
    }

    private void act(HttpServerRequest request, String slug, Session session, Decision decision) {
        if (decision instanceof Decision.Allowed allowed) {
            allowed(request, slug, allowed.name(), session);
        } else if (decision instanceof Decision.Denied denied) {
            request.resume();
            deny(request, slug, denied.name(), session);
        } else {
            request.resume();
            Pages.message(request.response(), 404, "No such visualisation",
                    "There is no visualisation named " + slug + ".", "Back to Data Workspace", origin.url() + "/");
        }
    }

    private void allowed(HttpServerRequest request, String slug, String name, Session session) {
        String path = request.path();
        if (path.startsWith("/__dw/")) {
            request.resume();
            internal(request, slug, name, session, path);
            return;
        }
        Route route = routes.find(slug);
        if (route != null) {
            metrics.routed("visualisation");
            forwarder.forward(request, route.upstream(),
                    new ForwardIdentity(session.userId(), session.email(), session.name()), route.activity());
            return;
        }
        request.resume();
        if (Requests.isNavigation(request)) {
            startAndShowSpawnPage(request, slug, name, session);
        } else {
            request.response().putHeader("Retry-After", "5");
            unavailable(request, "the visualisation is not running; open it in the browser to start it");
        }
    }

    private void internal(HttpServerRequest request, String slug, String name, Session session, String path) {
        if (PROGRESS_PATH.equals(path) && request.method() == HttpMethod.GET) {
            progress.stream(request, slug);
        } else if (START_PATH.equals(path) && request.method() == HttpMethod.POST) {
            if (!Requests.isSameOrigin(request, origin.toolUrl(slug))) {
                Pages.message(request.response(), 403, "Request refused",
                        "This request did not come from a Data Workspace page.");
                return;
            }
            startAndShowSpawnPage(request, slug, name, session);
        } else {
            Pages.message(request.response(), 404, "Not found", "There is nothing at " + path + ".");
        }
    }

    private void startAndShowSpawnPage(HttpServerRequest request, String slug, String name, Session session) {
        String ip = clientAddress.apply(request);
        vertx.executeBlocking(() -> spawns.requestStart(session.userId(), slug, session.userId(), ip), false)
                .onComplete(result -> {
                    if (result.succeeded()) {
                        metrics.spawnPageShown();
                        if (request.method() == HttpMethod.POST) {
                            Pages.redirect(request.response(), 303, "/");
                        } else {
                            SpawnPage.Rendered page = SpawnPage.render(name);
                            Pages.send(request.response(), 200, page.csp(), page.html());
                        }
                    } else if (result.cause() instanceof SpawnRefusedException refused) {
                        int status = switch (refused.reason()) {
                            case UNKNOWN_USER, UNKNOWN_TOOL -> 404;
                            case USER_DISABLED, NOT_GRANTED -> 403;
                            case TOOL_DISABLED, TOOL_UNAVAILABLE -> 409;
                        };
                        Pages.message(request.response(), status, "This visualisation cannot be opened",
                                refused.getMessage(), "Back to Data Workspace", origin.url() + "/");
                    } else {
                        unavailable(request, "the visualisation cannot be started now; try again shortly");
                    }
                });
    }

    private void signIn(HttpServerRequest request, String authority) {
        if (Requests.isNavigation(request)) {
            Pages.redirect(request.response(), 302, sso.handoffUrl(authority, request.uri()));
        } else {
            Pages.jsonError(request.response(), 401, "sign in to Data Workspace first");
        }
    }

    private void deny(HttpServerRequest request, String slug, String name, Session session) {
        metrics.denied();
        String key = session.userId() + " " + slug;
        long now = System.currentTimeMillis();
        Long last = lastDenialAudit.get(key);
        if (last == null || now - last > DENIAL_AUDIT_EVERY_MILLIS) {
            if (lastDenialAudit.size() > 10_000) {
                lastDenialAudit.values().removeIf(at -> now - at > DENIAL_AUDIT_EVERY_MILLIS);
            }
            lastDenialAudit.put(key, now);
            String ip = clientAddress.apply(request);
            vertx.executeBlocking(() -> {
                audit.record(session.userId(), "access.denied", slug, ip,
                        Map.of("path", request.path(), "visualisation", true,
                                "websocket", Requests.isWebSocket(request)));
                return null;
            }, false);
        }
        if (Requests.isNavigation(request)) {
            Pages.message(request.response(), 403, "Not shared with you",
                    name + " has not been shared with you. Ask an administrator to add you to its viewers.",
                    "Back to Data Workspace", origin.url() + "/");
        } else {
            Pages.jsonError(request.response(), 403, "you are not a viewer of this visualisation");
        }
    }

    private static void unavailable(HttpServerRequest request, String message) {
        if (Requests.isNavigation(request)) {
            Pages.message(request.response(), 503, "Not available", message);
        } else {
            Pages.jsonError(request.response(), 503, message);
        }
    }
}
