package io.dataworkspace.proxy.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/** Questions the proxy asks of a request. */
public final class Requests {
    private Requests() {
    }

    /** A browser navigation (a page load), as opposed to XHR/fetch, a WebSocket or an API client. */
    public static boolean isNavigation(HttpServerRequest request) {
        HttpMethod method = request.method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD || isWebSocket(request)) {
            return false;
        }
        String mode = request.getHeader("Sec-Fetch-Mode");
        if (mode != null) {
            return mode.equals("navigate");
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains("text/html");
    }

    public static boolean isWebSocket(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    /**
     * True when a state-changing request comes from one of our own pages: its Origin (or, failing that, Referer)
     * is {@code expectedOrigin}. With SameSite=Lax cookies this stops cross-site request forgery.
     */
    public static boolean isSameOrigin(HttpServerRequest request, String expectedOrigin) {
        String origin = request.getHeader("Origin");
        if (origin != null) {
            return origin.equals(expectedOrigin);
        }
        String referer = request.getHeader(HttpHeaders.REFERER);
        return referer != null && (referer.equals(expectedOrigin) || referer.startsWith(expectedOrigin + "/"));
    }
}
