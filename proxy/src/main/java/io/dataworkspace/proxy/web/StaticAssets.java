package io.dataworkspace.proxy.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the web UI's ES modules and style sheet from {@code /static/} on the root host, read once from the
 * classpath ({@code src/main/resources/static}). Only plain names ({@code home.js}, {@code admin/users.js}) are
 * served; they hold no user data, so they are public, revalidated on every load ({@code no-cache}) so a new release
 * takes effect at once.
 */
public final class StaticAssets {
    /** The URL prefix the assets are served under. */
    public static final String PREFIX = "/static/";
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+(/[a-z0-9-]+)*\\.(js|css)");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");

    private final ClassLoader loader;
    private final Map<String, Buffer> cache = new ConcurrentHashMap<>();

    public StaticAssets() {
        this.loader = StaticAssets.class.getClassLoader();
    }

    /** Handles {@code GET /static/<name>}: the asset, or a 404 page. */
    public void handle(RoutingContext ctx) {
        String name = ctx.request().path().substring(PREFIX.length());
        Optional<Buffer> asset = NAME.matcher(name).matches() ? find(name) : Optional.empty();
        if (asset.isEmpty()) {
            Pages.message(ctx.response(), 404, "Not found", "There is no such file.");
            return;
        }
        String extension = name.substring(name.lastIndexOf('.') + 1);
        ctx.response()
                .putHeader("Content-Type", TYPES.get(extension))
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Cross-Origin-Resource-Policy", "same-origin")
                .end(asset.get());
    }

    /** Only files that exist are cached, so requests for made-up names cannot grow the cache. */
    private Optional<Buffer> find(String name) {
        Buffer cached = cache.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Buffer> loaded = load(name);
        loaded.ifPresent(b -> cache.putIfAbsent(name, b));
        return loaded;
    }

    private Optional<Buffer> load(String name) {
        try (InputStream in = loader.getResourceAsStream("static/" + name)) {
            return in == null ? Optional.empty() : Optional.of(Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read static/" + name, e);
        }
    }
}
