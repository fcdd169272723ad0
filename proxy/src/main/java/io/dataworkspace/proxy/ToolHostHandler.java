package io.dataworkspace.proxy;

import io.dataworkspace.launcher.audit.AuditLog;
import io.dataworkspace.launcher.instance.InstanceRepository.Enqueued;
import io.dataworkspace.launcher.spawn.SpawnRefusedException;
import io.dataworkspace.launcher.spawn.SpawnService;
import io.dataworkspace.launcher.tool.ToolRepository;
import io.dataworkspace.launcher.tool.ToolTemplate;
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
 * Requests to a tool host, {@code <tool>-<user-id>.<root>}: the hot path. Stages, in order: the proxy's own paths
 * ({@code /__dw/…}), the host-bound session (from cache; the database only on a miss), ownership, route lookup,
 * forward. A navigation to a tool that is not running starts it and gets the spawn page; anything else gets 503.
 */
final class ToolHostHandler {
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

    ToolHostHandler(Vertx vertx, PublicOrigin origin, SessionStore sessions, SsoRoutes sso, RouteCache routes,
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

    void handle(HttpServerRequest request, HostKind.Tool tool) {
        if (SsoRoutes.TOOL_HANDOFF_PATH.equals(request.path())) {
            sso.handleToolHandoff(request, tool.authority());
            return;
        }
        String token = SessionCookies.read(request, SessionCookies.TOOL).orElse(null);
        if (token == null) {
            signIn(request, tool);
            return;
        }
        Optional<Session> cached = sessions.cached(token, tool.authority());
        if (cached.isPresent()) {
            authorised(request, tool, cached.get());
            return;
        }
        request.pause();
        sessions.resolve(token, tool.authority()).onComplete(result -> {
            if (result.failed()) {
                request.resume();
                unavailable(request, "sessions cannot be checked now; try again shortly");
            } else if (result.result().isEmpty()) {
                request.resume();
                signIn(request, tool);
            } else {
                authorised(request, tool, result.result().get());
            }
        });
    }

    private void authorised(HttpServerRequest request, HostKind.Tool tool, Session session) {
        if (!session.userId().equals(tool.userId())) {
            request.resume();
            deny(request, tool, session);
            return;
        }
        String path = request.path();
        if (path.startsWith("/__dw/")) {
            request.resume();
            internal(request, tool, session, path);
            return;
        }
        Route route = routes.find(tool.label());
        if (route != null) {
            metrics.routed("tool");
            forwarder.forward(request, route.upstream(),
                    new ForwardIdentity(session.userId(), session.email(), session.name()), route.activity());
            return;
        }
        request.resume();
        if (Requests.isNavigation(request)) {
            startAndShowSpawnPage(request, tool, session);
        } else {
            request.response().putHeader("Retry-After", "5");
            unavailable(request, "the tool is not running; open it in the browser to start it");
        }
    }

    private void internal(HttpServerRequest request, HostKind.Tool tool, Session session, String path) {
        if (PROGRESS_PATH.equals(path) && request.method() == HttpMethod.GET) {
            progress.stream(request, tool.label());
        } else if (START_PATH.equals(path) && request.method() == HttpMethod.POST) {
            if (!Requests.isSameOrigin(request, origin.toolUrl(tool.label()))) {
                Pages.message(request.response(), 403, "Request refused",
                        "This request did not come from a Data Workspace page.");
                return;
            }
            startAndShowSpawnPage(request, tool, session);
        } else {
            Pages.message(request.response(), 404, "Not found", "There is nothing at " + path + ".");
        }
    }

    private void startAndShowSpawnPage(HttpServerRequest request, HostKind.Tool tool, Session session) {
        String ip = clientAddress.apply(request);
        vertx.executeBlocking(() -> start(tool, session, ip)).onComplete(result -> {
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
                Pages.message(request.response(), status, "This tool cannot be opened", refused.getMessage(),
                        "Back to your tools", origin.url() + "/");
            } else {
                unavailable(request, "the tool cannot be started now; try again shortly");
            }
        });
    }

    /** Queues a start (or finds the running one) and returns the tool's display name. Blocking. */
    private String start(HostKind.Tool tool, Session session, String ip) {
        Enqueued enqueued = spawns.requestStart(session.userId(), tool.toolSlug(), session.userId(), ip);
        return tools.find(enqueued.instance().toolSlug()).map(ToolTemplate::name).orElse(tool.toolSlug());
    }

    private void signIn(HttpServerRequest request, HostKind.Tool tool) {
        if (Requests.isNavigation(request)) {
            Pages.redirect(request.response(), 302, sso.handoffUrl(tool.authority(), request.uri()));
        } else {
            Pages.jsonError(request.response(), 401, "sign in to Data Workspace first");
        }
    }

    private void deny(HttpServerRequest request, HostKind.Tool tool, Session session) {
        metrics.denied();
        String key = session.userId() + " " + tool.label();
        long now = System.currentTimeMillis();
        Long last = lastDenialAudit.get(key);
        if (last == null || now - last > DENIAL_AUDIT_EVERY_MILLIS) {
            if (lastDenialAudit.size() > 10_000) {
                lastDenialAudit.values().removeIf(at -> now - at > DENIAL_AUDIT_EVERY_MILLIS);
            }
            lastDenialAudit.put(key, now);
            String ip = clientAddress.apply(request);
            vertx.executeBlocking(() -> {
                audit.record(session.userId(), "access.denied", tool.label(), ip,
                        Map.of("path", request.path(), "websocket", Requests.isWebSocket(request)));
                return null;
            });
        }
        if (Requests.isNavigation(request)) {
            Pages.message(request.response(), 403, "Not your tool",
                    "This tool belongs to someone else. You can only open your own tools.",
                    "Back to your tools", origin.url() + "/");
        } else {
            Pages.jsonError(request.response(), 403, "this tool belongs to another user");
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
