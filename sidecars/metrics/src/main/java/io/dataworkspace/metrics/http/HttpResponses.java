package io.dataworkspace.metrics.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/** What the sidecar's two listeners (scrapes, credentials relay) share when they answer. */
public final class HttpResponses {

    private HttpResponses() {
    }

    /**
     * Sends {@code status} with {@code Content-Type}, {@code Cache-Control: no-store}, any headers the caller set
     * before, and the body (none for a HEAD request), then closes the exchange.
     *
     * @throws IOException when the client went away
     */
    public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        try {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } finally {
            exchange.close();
        }
    }

    /** {@code s} safe inside a JSON string (quotes, backslashes and control characters escaped). */
    public static String jsonEscape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
