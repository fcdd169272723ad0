package io.dataworkspace.proxy.web;

import io.vertx.core.http.HttpServerResponse;

/**
 * Every HTML page the proxy itself serves goes through here: one layout, text always escaped, never cached, with
 * the security headers of a page that runs no script unless a nonce allows it.
 */
public final class Pages {
    /** CSP of a page without script. */
    public static final String STATIC_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";
    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2.5rem auto;"
            + "padding:0 1rem;line-height:1.45;color:#1b1b1b}h1{font-size:1.6rem}table{border-collapse:collapse;"
            + "width:100%}td,th{text-align:left;padding:.45rem .6rem;border-bottom:1px solid #ddd}"
            + "button{font:inherit;padding:.3rem .9rem;cursor:pointer}.muted{color:#555}.error{color:#a00}"
            + "pre{background:#f4f4f4;padding:.8rem;overflow-x:auto;font-size:.85rem}"
            + "ol.progress li{margin:.2rem 0}";

    private Pages() {
    }

    /** A whole HTML document around {@code bodyHtml} (already escaped by the caller). */
    public static String document(String title, String bodyHtml) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + escape(title)
                + " — Data Workspace</title><style>" + STYLE + "</style></head><body>" + bodyHtml + "</body></html>";
    }

    /** Sends a document with the given CSP. */
    public static void send(HttpServerResponse response, int status, String csp, String html) {
        noStore(response)
                .setStatusCode(status)
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", csp)
                .end(html);
    }

    /** A page with a heading, one sentence and optionally a link (all text escaped). */
    public static void message(HttpServerResponse response, int status, String title, String message,
            String linkText, String linkUrl) {
        StringBuilder body = new StringBuilder(256).append("<h1>").append(escape(title)).append("</h1><p>")
                .append(escape(message)).append("</p>");
        if (linkUrl != null) {
            body.append("<p><a href=\"").append(escape(linkUrl)).append("\">").append(escape(linkText))
                    .append("</a></p>");
        }
        send(response, status, STATIC_CSP, document(title, body.toString()));
    }

    public static void message(HttpServerResponse response, int status, String title, String message) {
        message(response, status, title, message, null, null);
    }

    /** A 302 or 303 to {@code location}, never cached. */
    public static void redirect(HttpServerResponse response, int status, String location) {
        noStore(response).setStatusCode(status).putHeader("Location", location).end();
    }

    /** A JSON error for requests that are not page navigations. */
    public static void jsonError(HttpServerResponse response, int status, String message) {
        noStore(response)
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end("{\"status\":" + status + ",\"message\":\"" + jsonEscape(message) + "\"}");
    }

    public static HttpServerResponse noStore(HttpServerResponse response) {
        return response
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer");
    }

    public static String escape(String text) {
        if (text == null) {
            return "";
        }
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

    public static String jsonEscape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
