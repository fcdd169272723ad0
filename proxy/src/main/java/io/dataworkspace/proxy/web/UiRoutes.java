package io.dataworkspace.proxy.web;

import io.dataworkspace.proxy.web.AppShell.Page;
import io.dataworkspace.proxy.web.AppShell.Viewer;
import io.dataworkspace.proxy.web.admin.AdminPages;
import io.dataworkspace.proxy.web.files.FileRoutes;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.Function;

/**
 * The web UI's routes on the root host: {@code /static/*} (public, before sign-in), the home page and the admin
 * pages (after sign-in; admin pages answer 403 to anyone else).
 */
public final class UiRoutes {
    private final StaticAssets assets = new StaticAssets();
    private final Page home;

    /** @param home the home page's shell */
    public UiRoutes(Page home) {
        this.home = home;
    }

    /** {@code GET /static/*}: mount before the sign-in check. */
    public void mountAssets(Router router) {
        router.get(StaticAssets.PREFIX + "*").handler(assets::handle);
    }

    /** {@code GET /}, {@code GET /admin}, {@code GET /admin/:section}: mount after the sign-in check. */
    public void mountPages(Router router, Function<RoutingContext, Viewer> viewer) {
        router.get("/").handler(ctx -> send(ctx, home, viewer.apply(ctx)));
        router.get("/admin").handler(ctx -> admin(ctx, viewer.apply(ctx), ""));
        router.get("/admin/").handler(ctx -> admin(ctx, viewer.apply(ctx), ""));
        router.get("/admin/:section").handler(ctx -> admin(ctx, viewer.apply(ctx), ctx.pathParam("section")));
    }

    /**
     * {@code GET /files} (the file browser) and its calls under {@code /files/api/}: mount after the sign-in check.
     * The page may also connect to the S3 endpoint its presigned URLs point at.
     */
    public void mountFiles(Router router, Function<RoutingContext, Viewer> viewer, FileRoutes files) {
        String csp = AppShell.CSP.replace("connect-src 'self'", "connect-src 'self' " + files.storageOrigin());
        router.get("/files").handler(ctx -> send(ctx, FileRoutes.PAGE, viewer.apply(ctx), csp));
        files.mount(router, ctx -> viewer.apply(ctx).userId());
    }

    private static void admin(RoutingContext ctx, Viewer viewer, String section) {
        if (!viewer.admin()) {
            Pages.message(ctx.response(), 403, "Administrators only",
                    "This page is for Data Workspace administrators. Ask one if you need access to something.",
                    "Back to your tools", "/");
            return;
        }
        Optional<Page> page = AdminPages.page(section);
        if (page.isEmpty()) {
            Pages.message(ctx.response(), 404, "Not found", "There is no administration page called " + section + ".",
                    "Administration", "/admin");
            return;
        }
        send(ctx, page.get(), viewer);
    }

    /**
     * Sends a shell. Its referrer policy is {@code same-origin}, not the {@code no-referrer} of other pages: with
     * {@code no-referrer} browsers send {@code Origin: null} on form posts, and the sign-out form must carry our
     * origin to pass the CSRF check.
     */
    private static void send(RoutingContext ctx, Page page, Viewer viewer) {
        send(ctx, page, viewer, AppShell.CSP);
    }

    private static void send(RoutingContext ctx, Page page, Viewer viewer, String csp) {
        Pages.noStore(ctx.response())
                .setStatusCode(200)
                .putHeader("Referrer-Policy", "same-origin")
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", csp)
                .end(AppShell.render(page, viewer));
    }
}
