package io.dataworkspace.proxy.sso;

import io.vertx.core.http.HttpServerResponse;

/** The few HTML pages sign-in shows itself (errors, signed out), and redirects; nothing is cached. */
final class Pages {
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    private Pages() {
    }

    /** An HTML page with a heading, one sentence, and optionally a link (all text escaped). */
    static void send(HttpServerResponse response, int status, String title, String message, String linkText,
            String linkUrl) {
        StringBuilder html = new StringBuilder(512)
                .append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append(" — Data Workspace</title>")
                .append("<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}")
                .append("</style></head><body><h1>").append(escape(title)).append("</h1><p>")
                .append(escape(message)).append("</p>");
        if (linkUrl != null) {
            html.append("<p><a href=\"").append(escape(linkUrl)).append("\">").append(escape(linkText))
                    .append("</a></p>");
        }
        html.append("</body></html>");
        noStore(response)
                .setStatusCode(status)
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", CSP)
                .end(html.toString());
    }

    static void send(HttpServerResponse response, int status, String title, String message) {
        send(response, status, title, message, null, null);
    }

    /** 302 to {@code location}. */
    static void redirect(HttpServerResponse response, String location) {
        noStore(response).setStatusCode(302).putHeader("Location", location).end();
    }

    private static HttpServerResponse noStore(HttpServerResponse response) {
        return response
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer");
    }

    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
