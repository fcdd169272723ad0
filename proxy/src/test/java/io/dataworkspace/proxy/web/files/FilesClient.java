package io.dataworkspace.proxy.web.files;

import io.dataworkspace.proxy.session.SessionCookies;
import io.dataworkspace.proxy.testing.Browser;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A signed-in user's calls to {@code /files/api} as a page would make them (session cookie, our Origin on state
 * changes), and plain requests to presigned URLs, with the JDK client.
 */
final class FilesClient {
    final String origin;
    private final String cookie;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    record Reply(int status, JsonObject json, String body) {
    }

    private FilesClient(String origin, String cookie) {
        this.origin = origin;
        this.cookie = cookie;
    }

    static FilesClient signIn(Vertx vertx, String origin, String email) {
        try (Browser browser = new Browser(vertx)) {
            browser.signIn(origin, email, email);
            String session = browser.cookie(URI.create(origin).getHost(), SessionCookies.ROOT)
                    .orElseThrow(() -> new AssertionError("no session cookie after signing in"));
            return new FilesClient(origin, SessionCookies.ROOT + "=" + session);
        }
    }

    String cookieHeader() {
        return cookie;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(origin + path)).GET().header("Cookie", cookie));
    }

    Reply post(String path, JsonObject body) {
        return post(path, body, origin);
    }

    /** A POST with the given Origin header (null: none). */
    Reply post(String path, JsonObject body, String requestOrigin) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + path))
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).header("Cookie", cookie)
                .header("Content-Type", "application/json");
        if (requestOrigin != null) {
            b.header("Origin", requestOrigin);
        }
        return send(b);
    }

    Reply delete(String path, String requestOrigin) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + path)).DELETE().header("Cookie", cookie);
        if (requestOrigin != null) {
            b.header("Origin", requestOrigin);
        }
        return send(b);
    }

    Reply delete(String path) {
        return delete(path, origin);
    }

    /** A request without the session cookie. */
    Reply anonymous(String path) {
        return send(HttpRequest.newBuilder(URI.create(origin + path)).GET());
    }

    HttpResponse<byte[]> raw(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private Reply send(HttpRequest.Builder request) {
        HttpResponse<byte[]> response = raw(request.timeout(Duration.ofSeconds(30)).build());
        String body = new String(response.body(), StandardCharsets.UTF_8);
        JsonObject json = null;
        if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            json = new JsonObject(body);
        }
        return new Reply(response.statusCode(), json, body);
    }
}
