package io.dataworkspace.proxy;

import io.dataworkspace.proxy.forward.FastLane;
import io.dataworkspace.proxy.web.Pages;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per request on the {@code dataworkspace.access} logger, with a correlation id (the inbound
 * {@code X-Request-Id} when sane, else a fresh one, echoed in the response) and the path without its query string
 * (queries carry tokens and personal data).
 */
final class AccessLog {
    private static final Logger log = LoggerFactory.getLogger("dataworkspace.access");
    static final String REQUEST_ID = "X-Request-Id";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final ProxyMetrics metrics;

    AccessLog(ProxyMetrics metrics) {
        this.metrics = metrics;
    }

    /** Starts timing the request; logs and counts it when its response ends. */
    void begin(HttpServerRequest request, String routeKind) {
        long start = System.nanoTime();
        String id = correlationId(request.getHeader(REQUEST_ID));
        HttpServerResponse response = request.response();
        response.putHeader(REQUEST_ID, id);
        response.endHandler(v -> {
            int status = response.getStatusCode();
            metrics.request(routeKind, status);
            if (log.isInfoEnabled()) {
                log.info("{\"id\":\"{}\",\"method\":\"{}\",\"host\":\"{}\",\"path\":\"{}\",\"status\":{},"
                        + "\"bytes\":{},\"ms\":{},\"route\":\"{}\",\"client\":\"{}\"}", id, request.method(),
                        Pages.jsonEscape(String.valueOf(request.authority())), Pages.jsonEscape(request.path()),
                        status, response.bytesWritten(), (System.nanoTime() - start) / 1_000_000, routeKind,
                        request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress());
            }
        });
    }

    /** Counts and logs a request the fast path forwarded, with the same fields as {@link #begin}. */
    void fast(String routeKind, FastLane.Done done) {
        metrics.request(routeKind, done.status());
        if (log.isInfoEnabled()) {
            log.info("{\"id\":\"{}\",\"method\":\"{}\",\"host\":\"{}\",\"path\":\"{}\",\"status\":{},"
                    + "\"bytes\":{},\"ms\":{},\"route\":\"{}\",\"client\":\"{}\"}", done.requestId(), done.method(),
                    Pages.jsonEscape(done.host().toString()), Pages.jsonEscape(done.path().toString()), done.status(),
                    done.bytesToClient(), done.nanos() / 1_000_000, routeKind, done.clientAddress());
        }
    }

    /** The inbound {@code X-Request-Id} when it is a sane id (up to 64 letters, digits, dashes), else a fresh one. */
    static String correlationId(CharSequence inbound) {
        if (inbound != null && inbound.length() > 0 && inbound.length() <= 64 && sane(inbound)) {
            return inbound.toString();
        }
        // a correlation id only needs to be unique, not secret
        long bits = ThreadLocalRandom.current().nextLong();
        char[] out = new char[16];
        for (int i = 15; i >= 0; i--) {
            out[i] = HEX[(int) (bits & 0xf)];
            bits >>>= 4;
        }
        return new String(out);
    }

    private static boolean sane(CharSequence id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
