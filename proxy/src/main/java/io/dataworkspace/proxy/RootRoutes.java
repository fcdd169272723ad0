package io.dataworkspace.proxy;

import io.dataworkspace.launcher.ControlPlane;
import io.dataworkspace.launcher.api.ApiException;
import io.dataworkspace.launcher.api.LauncherApi;
import io.dataworkspace.launcher.api.Principal;
import io.dataworkspace.launcher.instance.Instance;
import io.dataworkspace.proxy.session.Session;
import io.dataworkspace.proxy.session.SessionCookies;
import io.dataworkspace.proxy.session.SessionStore;
import io.dataworkspace.proxy.sso.PublicOrigin;
import io.dataworkspace.proxy.sso.SsoRoutes;
import io.dataworkspace.proxy.web.AppShell.Viewer;
import io.dataworkspace.proxy.web.ClientAddress;
import io.dataworkspace.proxy.web.Pages;
import io.dataworkspace.proxy.web.Requests;
import io.dataworkspace.proxy.web.UiRoutes;
import io.dataworkspace.proxy.web.files.FileRoutes;
import io.dataworkspace.proxy.web.files.FileStore;
import io.dataworkspace.proxy.web.files.FilesConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The root host: sign-in, the web UI (home, file browser and admin pages, their static modules), stop, the
 * control-plane API for signed-in users, health and metrics.
 */
final class RootRoutes {
    private static final String SESSION = "session";

    private final Vertx vertx;
    private final PublicOrigin origin;
    private final SessionStore sessions;
    private final SsoRoutes sso;
    private final ControlPlane core;
    private final PrometheusMeterRegistry registry;
    private final ClientAddress clientAddress;
    private final UiRoutes ui = new UiRoutes(HomePage.PAGE);

    RootRoutes(Vertx vertx, PublicOrigin origin, SessionStore sessions, SsoRoutes sso, ControlPlane core,
            PrometheusMeterRegistry registry, ClientAddress clientAddress) {
        this.vertx = vertx;
        this.origin = origin;
        this.sessions = sessions;
        this.sso = sso;
        this.core = core;
        this.registry = registry;
        this.clientAddress = clientAddress;
    }

    Router router() {
        Router router = Router.router(vertx);
        LauncherApi api = new LauncherApi(core, registry);
        api.mountHealthAndMetrics(router);
        ui.mountAssets(router);
        sso.mountOnRoot(router);
        api.mount(router, this::apiCaller, clientAddress);
        FileRoutes files = new FileRoutes(vertx, new FileStore(core.credentials().storage(), FilesConfig.DEFAULTS),
                core.audit(), origin.url(), clientAddress, registry);
        files.mountBodyReader(router);
        router.route().handler(this::requireSession);
        Function<RoutingContext, Viewer> viewer = ctx -> {
            Session session = ctx.get(SESSION);
            return new Viewer(session.userId(), session.email(), session.name(), session.admin());
        };
        ui.mountPages(router, viewer);
        ui.mountFiles(router, viewer, files);
        router.post("/instances/:id/stop").handler(this::stop);
        router.route().last().handler(ctx -> Pages.message(ctx.response(), 404, "Not found",
                "There is nothing at " + ctx.request().path() + ".", "Back to your tools", "/"));
        router.route().failureHandler(ctx -> {
            if (!ctx.response().ended()) {
                Pages.message(ctx.response(), ctx.statusCode() > 0 ? ctx.statusCode() : 500, "Something went wrong",
                        "Data Workspace could not complete this request; try again shortly.");
            }
        });
        return router;
    }

    /** API callers on the root host are signed-in users; state changes must come from our own pages (CSRF). */
    private Future<Optional<Principal>> apiCaller(RoutingContext ctx) {
        Optional<String> token = SessionCookies.read(ctx.request(), SessionCookies.ROOT);
        if (token.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        HttpMethod method = ctx.request().method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD && !Requests.isSameOrigin(ctx.request(), origin.url())) {
            return Future.failedFuture(ApiException.forbidden("state-changing requests must come from a Data "
                    + "Workspace page (Origin " + ctx.request().getHeader("Origin") + " refused)"));
        }
        // the session lookup is asynchronous: hold the body back until the API's body handler reads it (it resumes)
        ctx.request().pause();
        return sessions.resolve(token.get(), null)
                .map(session -> session.map(s -> new Principal(s.userId(), s.admin())))
                .andThen(result -> {
                    if (result.failed() || result.result().isEmpty()) {
                        ctx.request().resume();
                    }
                });
    }

    private void requireSession(RoutingContext ctx) {
        Optional<String> token = SessionCookies.read(ctx.request(), SessionCookies.ROOT);
        if (token.isEmpty()) {
            toSignIn(ctx);
            return;
        }
        sessions.resolve(token.get(), null).onComplete(result -> {
            if (result.failed()) {
                Pages.message(ctx.response(), 503, "Not available", "Sessions cannot be checked now; try again.");
            } else if (result.result().isEmpty()) {
                toSignIn(ctx);
            } else {
                ctx.put(SESSION, result.result().get());
                ctx.next();
            }
        });
    }

    private void toSignIn(RoutingContext ctx) {
        if (Requests.isNavigation(ctx.request())) {
            Pages.redirect(ctx.response(), 302, sso.loginUrl(ctx.request().uri()));
        } else {
            Pages.jsonError(ctx.response(), 401, "sign in to Data Workspace first");
        }
    }

    private void stop(RoutingContext ctx) {
        Session session = ctx.get(SESSION);
        if (!Requests.isSameOrigin(ctx.request(), origin.url())) {
            Pages.message(ctx.response(), 403, "Request refused", "This request did not come from a Data Workspace page.");
            return;
        }
        UUID id;
        try {
            id = UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            Pages.message(ctx.response(), 400, "Bad request", "That is not an instance id.");
            return;
        }
        String ip = clientAddress.apply(ctx.request());
        vertx.executeBlocking(() -> {
            Optional<Instance> instance = core.instances().find(id).filter(i -> i.userId().equals(session.userId()));
            instance.ifPresent(i -> core.spawns().requestStop(i, "stopped by its user", session.userId(), ip));
            return instance.isPresent();
        }).onSuccess(found -> {
            if (found) {
                Pages.redirect(ctx.response(), 303, "/");
            } else {
                Pages.message(ctx.response(), 404, "Not found", "You have no such instance.", "Back to your tools", "/");
            }
        }).onFailure(ctx::fail);
    }
}
