package io.dataworkspace.proxy.sso;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A tiny browser for tests: every host name resolves to 127.0.0.1 (as browsers do for {@code *.localhost}),
 * redirects are followed by hand, and cookies are kept per host name like host-only cookies.
 *
 * <p>Connections are not kept alive: with keep-alive, the Vert.x 5.0.10 client now and then never completed a
 * request on a reused connection although the server had answered it (compare eclipse-vertx/vert.x#5663).
 * Keep-alive against our server and the provider is covered with the JDK client instead.
 */
final class Browser implements AutoCloseable {
    private final HttpClient client;
    private final Context context;
    private final Map<String, Map<String, String>> jar = new ConcurrentHashMap<>();

    /** One response, body read. */
    record Response(int status, MultiMap headers, String body, String url) {
        String location() {
            String location = headers.get("Location");
            if (location == null) {
                throw new AssertionError("no Location on " + status + " from " + url);
            }
            return URI.create(url).resolve(location).toString();
        }

        List<String> setCookies() {
            return headers.getAll("Set-Cookie");
        }

        Optional<String> setCookie(String name) {
            return setCookies().stream().filter(c -> c.startsWith(name + "=")).findFirst();
        }

        boolean isRedirect() {
            return status == 301 || status == 302 || status == 303 || status == 307;
        }
    }

    Browser(Vertx vertx) {
        this.context = vertx.getOrCreateContext();
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    }

    Response get(String url) {
        return send(HttpMethod.GET, url, null, Map.of());
    }

    Response post(String url, Map<String, String> form) {
        return send(HttpMethod.POST, url, form, Map.of());
    }

    Response send(HttpMethod method, String url, Map<String, String> form, Map<String, String> headers) {
        URI uri = URI.create(url);
        int port = uri.getPort();
        String pathAndQuery = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setServer(SocketAddress.inetSocketAddress(port, "127.0.0.1"))
                .setHost(uri.getHost())
                .setPort(port)
                .setURI(pathAndQuery);
        String cookies = cookieHeader(uri.getHost());
        if (!cookies.isEmpty()) {
            options.putHeader("Cookie", cookies);
        }
        headers.forEach(options::putHeader);
        Buffer body = Buffer.buffer();
        if (form != null) {
            options.putHeader("Content-Type", "application/x-www-form-urlencoded");
            body = Buffer.buffer(form.entrySet().stream()
                    .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                    .collect(Collectors.joining("&")));
        }
        Buffer sent = body;
        Promise<Response> done = Promise.promise();
        // The whole exchange runs on this browser's own event-loop context, never from the test thread.
        context.runOnContext(v -> client.request(options)
                .compose(req -> req.send(sent))
                .compose((HttpClientResponse resp) -> resp.body()
                        .map(b -> new Response(resp.statusCode(),
                                MultiMap.caseInsensitiveMultiMap().addAll(resp.headers()), b.toString(), url)))
                .onComplete(done));
        try {
            Response response = done.future().await(20, TimeUnit.SECONDS);
            remember(uri.getHost(), response.setCookies());
            return response;
        } catch (Exception e) {
            throw new AssertionError(method + " " + url + " failed: " + e, e);
        }
    }

    /** Follows redirects from {@code response} until a non-redirect, returning every response in order. */
    List<Response> follow(Response response, int max) {
        List<Response> chain = new ArrayList<>();
        chain.add(response);
        Response current = response;
        while (current.isRedirect()) {
            if (chain.size() > max) {
                throw new AssertionError("too many redirects: " + chain.stream().map(Response::url).toList());
            }
            current = get(current.location());
            chain.add(current);
        }
        return chain;
    }

    Optional<String> cookie(String host, String name) {
        return Optional.ofNullable(jar.getOrDefault(host, Map.of()).get(name));
    }

    void setCookie(String host, String name, String value) {
        jar.computeIfAbsent(host, h -> new LinkedHashMap<>()).put(name, value);
    }

    @Override
    public void close() {
        client.close();
    }

    void clearCookies() {
        jar.clear();
    }

    private String cookieHeader(String host) {
        return jar.getOrDefault(host, Map.of()).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; "));
    }

    private void remember(String host, List<String> setCookies) {
        for (String header : setCookies) {
            if (header.toLowerCase().contains("domain=")) {
                throw new AssertionError("cookie with a Domain attribute: " + header);
            }
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            Map<String, String> cookies = jar.computeIfAbsent(host, h -> new LinkedHashMap<>());
            if (header.contains("Max-Age=0") || value.isEmpty()) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
