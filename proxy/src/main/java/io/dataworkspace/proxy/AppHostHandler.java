package io.dataworkspace.proxy;

import io.dataworkspace.launcher.audit.AuditLog;
import io.dataworkspace.launcher.instance.InstanceRepository.Enqueued;
import io.dataworkspace.launcher.spawn.SpawnRefusedException;
import io.dataworkspace.launcher.spawn.SpawnService;
import io.dataworkspace.launcher.tool.ToolRepository;
import io.dataworkspace.launcher.tool.ToolTemplate;
import io.dataworkspace.proxy.HostAccess.Decision;
import io.dataworkspace.proxy.forward.ForwardIdentity;
import io.dataworkspace.proxy.forward.Forwarder;
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
 * Requests to an app host: a user's tool ({@code <tool>-<user-id>.<root>}, the hot path) or a shared visualisation
 * ({@code <slug>.<root>}). Stages, in order: the sign-in handoff, the host-bound session (from cache; the database
 * only on a miss), access (the tool's owner, or the visualisation's viewers: {@link HostAccess}), the proxy's own
 * paths ({@code /__dw/…}), route lookup, forward. A navigation to an app that is not running starts it (one shared
 * instance for a visualisation) and gets the spawn page; anything else gets 503. Refusals get a 403 page and are
 * audited at most once a minute per user and host.
 */
final class AppHostHandler {
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
    private final ToolRepository tools;
    private final ProgressStream progress;
    private final AuditLog audit;
    private final ProxyMetrics metrics;
    private final ClientAddress clientAddress;
    private final Map<String, Long> lastDenialAudit = new ConcurrentHashMap<>();

    AppHostHandler(Vertx vertx, PublicOrigin origin, SessionStore sessions, SsoRoutes sso, RouteCache routes,
            Forwarder forwarder, SpawnService spawns, ToolRepository tools, ProgressStream progress, AuditLog audit,
            ProxyMetrics metrics, ClientAddress clientAddress) {
        this.vertx = vertx;
        this.origin = origin;
        this.sessions = sessions;
        this.sso = sso;
        this.routes = routes;
        this.forwarder = forwarder;
        this.spawns = spawns;
        this.tools = tools;
        this.progress = progress;
        this.audit = audit;
        this.metrics = metrics;
        this.clientAddress = clientAddress;
    }

    void handle(HttpServerRequest request, AppHost host, HostAccess access) {
        if (SsoRoutes.TOOL_HANDOFF_PATH.equals(request.path())) {
            sso.handleToolHandoff(request, host.authority());
            return;
        }
        String token = SessionCookies.read(request, SessionCookies.TOOL).orElse(null);
        if (token == null) {
            signIn(request, host);
            return;
        }
        Optional<Session> cached = sessions.cached(token, host.authority());
        if (cached.isPresent()) {
            checkAccess(request, host, access, cached.get());
            return;
        }
        request.pause();
        sessions.resolve(token, host.authority()).onComplete(result -> {
            if (result.failed()) {
                request.resume();
                unavailable(request, "sessions cannot be checked now; try again shortly");
            } else if (result.result().isEmpty()) {
                request.resume();
                signIn(request, host);
            } else {
                checkAccess(request, host, access, result.result().get());
            }
        });
    }

    private void checkAccess(HttpServerRequest request, AppHost host, HostAccess access, Session session) {
        Optional<Decision> now = access.cached(session, host);
        if (now.isPresent()) {
            act(request, host, session, now.get());
            return;
        }
        request.pause();
        vertx.executeBlocking(() -> access.decide(session, host), false).onComplete(result -> {
            if (result.failed()) {
                request.resume();
                unavailable(request, "access cannot be checked now; try again shortly");
            } else {
                act(request, host, session, result.result());
            }
        });
    }

    private void act(HttpServerRequest request, AppHost host, Session session, Decision decision) {
        if (decision instanceof Decision.Denied denied) {
            request.resume();
            deny(request, host, session, denied);
            return;
        }
        if (decision instanceof Decision.Missing missing) {
            request.resume();
            Pages.message(request.response(), 404, missing.title(), missing.message(), "Back to Data Workspace",
                    origin.url() + "/");
            return;
        }
        String path = request.path();
        if (path.startsWith("/__dw/")) {
            request.resume();
            internal(request, host, session, path);
            return;
        }
        Route route = routes.find(host.label());
        if (route != null) {
            metrics.routed(host.kind());
            forwarder.forward(request, route.upstream(),
                    new ForwardIdentity(session.userId(), session.email(), session.name()), route.activity());
            return;
        }
        request.resume();
        if (Requests.isNavigation(request)) {
            startAndShowSpawnPage(request, host, session);
        } else {
            request.response().putHeader("Retry-After", "5");
            unavailable(request, "the " + host.kind() + " is not running; open it in the browser to start it");
        }
    }

    private void internal(HttpServerRequest request, AppHost host, Session session, String path) {
        if (PROGRESS_PATH.equals(path) && request.method() == HttpMethod.GET) {
            progress.stream(request, host.label());
        } else if (START_PATH.equals(path) && request.method() == HttpMethod.POST) {
            if (!Requests.isSameOrigin(request, origin.toolUrl(host.label()))) {
                Pages.message(request.response(), 403, "Request refused",
                        "This request did not come from a Data Workspace page.");
                return;
            }
            startAndShowSpawnPage(request, host, session);
        } else {
            Pages.message(request.response(), 404, "Not found", "There is nothing at " + path + ".");
        }
    }

    private void startAndShowSpawnPage(HttpServerRequest request, AppHost host, Session session) {
        String ip = clientAddress.apply(request);
        vertx.executeBlocking(() -> start(host, session, ip), false).onComplete(result -> {
            if (result.succeeded()) {
                metrics.spawnPageShown();
                SpawnPage.Rendered page = SpawnPage.render(result.result());
                if (request.method() == HttpMethod.POST) {
                    Pages.redirect(request.response(), 303, "/");
                } else {
                    Pages.send(request.response(), 200, page.csp(), page.html());
                }
            } else if (result.cause() instanceof SpawnRefusedException refused) {
                int status = switch (refused.reason()) {
                    case UNKNOWN_USER, UNKNOWN_TOOL -> 404;
                    case USER_DISABLED, NOT_GRANTED -> 403;
                    case TOOL_DISABLED, TOOL_UNAVAILABLE -> 409;
                };
                Pages.message(request.response(), status, "This " + host.kind() + " cannot be opened",
                        refused.getMessage(), "Back to Data Workspace", origin.url() + "/");
            } else {
                unavailable(request, "the " + host.kind() + " cannot be started now; try again shortly");
            }
        });
    }

    /** Queues a start (or finds the running one) and returns the app's display name. Blocking. */
    private String start(AppHost host, Session session, String ip) {
        Enqueued enqueued = spawns.requestStart(session.userId(), host.toolSlug(), session.userId(), ip);
        return tools.find(enqueued.instance().toolSlug()).map(ToolTemplate::name).orElse(host.toolSlug());
    }

    private void signIn(HttpServerRequest request, AppHost host) {
        if (Requests.isNavigation(request)) {
            Pages.redirect(request.response(), 302, sso.handoffUrl(host.authority(), request.uri()));
        } else {
            Pages.jsonError(request.response(), 401, "sign in to Data Workspace first");
        }
    }

    private void deny(HttpServerRequest request, AppHost host, Session session, Decision.Denied denied) {
        metrics.denied();
        String key = session.userId() + " " + host.label();
        long now = System.currentTimeMillis();
        Long last = lastDenialAudit.get(key);
        if (last == null || now - last > DENIAL_AUDIT_EVERY_MILLIS) {
            if (lastDenialAudit.size() > 10_000) {
                lastDenialAudit.values().removeIf(at -> now - at > DENIAL_AUDIT_EVERY_MILLIS);
            }
            lastDenialAudit.put(key, now);
            String ip = clientAddress.apply(request);
            vertx.executeBlocking(() -> {
                audit.record(session.userId(), "access.denied", host.label(), ip, Map.of("path", request.path(),
                        "kind", host.kind(), "websocket", Requests.isWebSocket(request)));
                return null;
            }, false);
        }
        if (Requests.isNavigation(request)) {
            Pages.message(request.response(), 403, denied.title(), denied.message(), "Back to Data Workspace",
                    origin.url() + "/");
        } else {
            Pages.jsonError(request.response(), 403, denied.jsonMessage());
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
