package io.dataworkspace.proxy.web;

import java.util.List;

/**
 * The HTML around every page of the web UI: header with the signed-in user, navigation, a heading, a live region for
 * notices and the one ES module that fills the page from {@code /api/v1}. Everything from the user is escaped here,
 * and the modules build the DOM with text nodes only, so stored names render inert. The CSP allows scripts and
 * styles from our own origin only: no inline script, no {@code eval}.
 */
public final class AppShell {
    /** The CSP of every UI page. */
    public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /** A link in a navigation bar. */
    public record NavLink(String href, String text) {
    }

    /**
     * What a page needs rendered around it.
     *
     * @param title    the document title (before " — Data Workspace")
     * @param heading  the page's h1
     * @param module   the ES module under {@code /static/} that renders it, e.g. {@code home.js}
     * @param subNav   a second navigation bar (admin sections), possibly empty
     * @param current  the href of the current page, marked with aria-current
     */
    public record Page(String title, String heading, String module, List<NavLink> subNav, String current) {
        public Page {
            subNav = List.copyOf(subNav);
        }
    }

    /** The signed-in user, as the header shows them. */
    public record Viewer(String userId, String email, String name, boolean admin) {
    }

    private AppShell() {
    }

    public static String render(Page page, Viewer viewer) {
        StringBuilder b = new StringBuilder(2048)
                .append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .append(Pages.escape(page.title())).append(" — Data Workspace</title>")
                .append("<link rel=\"stylesheet\" href=\"/static/dw.css\">")
                .append("<script type=\"module\" src=\"/static/").append(Pages.escape(page.module()))
                .append("\"></script></head><body>")
                .append("<a class=\"skip\" href=\"#main\">Skip to content</a><header class=\"top\">")
                .append("<nav aria-label=\"Main\"><a class=\"brand\" href=\"/\">Data Workspace</a>");
        nav(b, List.of(new NavLink("/", "Home"), new NavLink("/files", "Files")), page.current());
        if (viewer.admin()) {
            nav(b, List.of(new NavLink("/admin", "Admin")), page.current());
        }
        b.append("</nav><p class=\"who\">Signed in as <span id=\"viewer-email\">").append(Pages.escape(viewer.email()))
                .append("</span>");
        if (viewer.name() != null && !viewer.name().isBlank()) {
            b.append(" (<span id=\"viewer-name\">").append(Pages.escape(viewer.name())).append("</span>)");
        }
        b.append(" <form method=\"post\" action=\"/auth/logout\" class=\"inline\"><button type=\"submit\">Sign out")
                .append("</button></form></p></header>");
        if (!page.subNav().isEmpty()) {
            b.append("<nav class=\"sub\" aria-label=\"Administration\">");
            nav(b, page.subNav(), page.current());
            b.append("</nav>");
        }
        b.append("<main id=\"main\" tabindex=\"-1\" data-user-id=\"").append(Pages.escape(viewer.userId()))
                .append("\" data-admin=\"").append(viewer.admin()).append("\"><h1>")
                .append(Pages.escape(page.heading())).append("</h1>")
                .append("<p id=\"notice\" class=\"notice\" role=\"status\" aria-live=\"polite\"></p>")
                .append("<div id=\"app\"><p class=\"muted\">Loading…</p></div>")
                .append("<noscript><p class=\"error\">This page needs JavaScript. The same actions are available ")
                .append("through the API under /api/v1.</p></noscript></main></body></html>");
        return b.toString();
    }

    private static void nav(StringBuilder b, List<NavLink> links, String current) {
        for (NavLink link : links) {
            b.append("<a href=\"").append(Pages.escape(link.href())).append('"');
            if (link.href().equals(current)) {
                b.append(" aria-current=\"page\"");
            }
            b.append('>').append(Pages.escape(link.text())).append("</a>");
        }
    }
}
