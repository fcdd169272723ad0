package io.dataworkspace.proxy.forward.internal;

import io.dataworkspace.proxy.forward.UpstreamFailure;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import io.netty.util.CharsetUtil;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;

/**
 * The responses sent when the tool cannot be reached: a small self-contained HTML page for browser navigations,
 * JSON for everything else (XHR, fetch, API clients). Rendered once; nothing from the request is echoed.
 */
final class ErrorPages {

    private final byte[][] html = new byte[UpstreamFailure.values().length][];
    private final byte[][] json = new byte[UpstreamFailure.values().length][];

    ErrorPages() {
        for (UpstreamFailure f : UpstreamFailure.values()) {
            html[f.ordinal()] = renderHtml(f).getBytes(StandardCharsets.UTF_8);
            json[f.ordinal()] = renderJson(f).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Sends the page or JSON for {@code failure}; closes the connection afterwards if {@code close}. */
    void send(HttpServerRequest request, UpstreamFailure failure, boolean close) {
        HttpServerResponse response = request.response();
        response.headers().clear();
        boolean page = isNavigation(request);
        response.setStatusCode(failure.status());
        headers(failure, page, close, (name, value) -> response.putHeader(name, value));
        Buffer body = Buffer.buffer((page ? html : json)[failure.ordinal()]);
        if (close) {
            response.end(body).onComplete(ar -> request.connection().close());
        } else {
            response.end(body);
        }
    }

    /** The same answer as one whole HTTP/1.1 response in bytes, for the fast path. */
    ByteBuf encode(ByteBufAllocator alloc, UpstreamFailure failure, boolean navigation, boolean close,
            CharSequence requestId) {
        byte[] body = (navigation ? html : json)[failure.ordinal()];
        ByteBuf out = alloc.buffer(256 + body.length);
        out.writeCharSequence("HTTP/1.1 " + failure.status() + " "
                + HttpResponseStatus.valueOf(failure.status()).reasonPhrase(), CharsetUtil.US_ASCII);
        out.writeShort(HeaderSink.CRLF);
        headers(failure, navigation, close, (name, value) -> HeaderSink.write(out, name, value));
        HeaderSink.write(out, HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length));
        HeaderSink.write(out, REQUEST_ID, requestId);
        out.writeShort(HeaderSink.CRLF);
        return out.writeBytes(body);
    }

    private static void headers(UpstreamFailure failure, boolean page, boolean close, HeaderSink out) {
        out.add(HttpHeaders.CONTENT_TYPE, page ? "text/html; charset=utf-8" : "application/json");
        out.add(HttpHeaders.CACHE_CONTROL, "no-store");
        out.add("X-Content-Type-Options", "nosniff");
        if (page) {
            out.add("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        }
        if (failure.status() == 502) {
            out.add(HttpHeaders.RETRY_AFTER, "5");
        }
        if (close) {
            out.add(HttpHeaders.CONNECTION, "close");
        }
    }

    /** A browser navigation, from a fast-path head: the same rule as {@link #isNavigation(HttpServerRequest)}. */
    static boolean isNavigation(RequestHead head) {
        CharSequence mode = head.header(SEC_FETCH_MODE);
        if (mode != null) {
            return AsciiString.contentEqualsIgnoreCase(mode, "navigate");
        }
        AsciiString accept = head.header(ACCEPT);
        return accept != null && accept.contains("text/html");
    }

    private static final AsciiString SEC_FETCH_MODE = AsciiString.cached("sec-fetch-mode");
    private static final AsciiString ACCEPT = AsciiString.cached("accept");
    private static final AsciiString REQUEST_ID = AsciiString.cached("X-Request-Id");

    /** A browser navigation: {@code Sec-Fetch-Mode: navigate}, or (older browsers) an {@code Accept} of HTML. */
    static boolean isNavigation(HttpServerRequest request) {
        String mode = request.getHeader("Sec-Fetch-Mode");
        if (mode != null) {
            return mode.equalsIgnoreCase("navigate");
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains("text/html");
    }

    private static String title(UpstreamFailure f) {
        return f.status() == 504 ? "Your tool is taking too long to answer" : "Your tool is not answering";
    }

    private static String explanation(UpstreamFailure f) {
        switch (f) {
            case CONNECT_REFUSED:
                return "The tool is not accepting connections. It may have stopped or be restarting.";
            case CONNECT_TIMEOUT:
                return "The tool did not accept the connection in time. It may be overloaded or still starting.";
            case RESPONSE_TIMEOUT:
                return "The tool accepted the request but did not answer in time. A long computation may be keeping it busy.";
            case UPSTREAM_RESET:
            default:
                return "The tool closed the connection without a complete answer. It may have crashed or restarted.";
        }
    }

    private static String renderHtml(UpstreamFailure f) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + f.status() + " - " + title(f) + "</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:40em;margin:4em auto;padding:0 1em;color:#222}"
                + "h1{font-size:1.5em}a{color:#1d70b8}code{color:#555}</style></head><body>"
                + "<h1>" + title(f) + "</h1><p>" + explanation(f) + "</p>"
                + "<p>Wait a few seconds and <a href=\"\">try again</a>. If this keeps happening, stop and restart the tool"
                + " from the <a href=\"/\">home page</a>.</p>"
                + "<p><code>" + f.status() + " " + f.name().toLowerCase(java.util.Locale.ROOT) + "</code></p>"
                + "</body></html>";
    }

    private static String renderJson(UpstreamFailure f) {
        return "{\"status\":" + f.status() + ",\"error\":\"" + f.name().toLowerCase(java.util.Locale.ROOT)
                + "\",\"message\":\"" + explanation(f) + "\"}";
    }
}
