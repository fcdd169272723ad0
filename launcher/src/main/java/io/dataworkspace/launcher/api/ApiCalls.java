package io.dataworkspace.launcher.api;

import io.dataworkspace.launcher.access.AccessException;
import io.dataworkspace.launcher.access.Actor;
import io.dataworkspace.launcher.access.Page;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/** What every access endpoint does with a request: who calls, the body, parameters, pages, errors. */
final class ApiCalls {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private ApiCalls() {
    }

    /** Runs a blocking handler; refusals from the access services become API errors with their status. */
    static Handler<RoutingContext> blocking(Handler<RoutingContext> handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (AccessException e) {
                ctx.fail(new ApiException(e.status(), e.getMessage()));
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        };
    }

    /** A guard for administrator-only routes: answers 403 before any input is read. */
    static void requireAdmin(RoutingContext ctx) {
        if (LauncherApi.principal(ctx).admin()) {
            ctx.next();
        } else {
            ctx.fail(ApiException.forbidden("only administrators may do this"));
        }
    }

    static Actor actor(RoutingContext ctx) {
        Principal p = LauncherApi.principal(ctx);
        return new Actor(p.userId(), p.admin(), LauncherApi.clientIp(ctx));
    }

    static JsonObject body(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw ApiException.badRequest("the body is not a JSON object");
        }
        if (body == null) {
            throw ApiException.badRequest("a JSON object body is required");
        }
        return body;
    }

    /** The body, or an empty object when there is none (for endpoints whose fields are all optional). */
    static JsonObject optionalBody(RoutingContext ctx) {
        return ctx.body() == null || ctx.body().length() <= 0 ? new JsonObject() : body(ctx);
    }

    /** A string field, or null when absent; a value of another type is a 400 naming the field. */
    static String string(JsonObject body, String key) {
        Object value = body.getValue(key);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw ApiException.badRequest(key + ": " + value + " (expected: a string)");
    }

    static String requiredString(JsonObject body, String key) {
        String value = string(body, key);
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(key + ": " + (value == null ? "missing" : "\"" + value + "\"")
                    + " (expected: a non-empty string)");
        }
        return value;
    }

    static Boolean bool(JsonObject body, String key) {
        Object value = body.getValue(key);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        throw ApiException.badRequest(key + ": " + value + " (expected: true or false)");
    }

    static Integer integer(JsonObject body, String key) {
        Object value = body.getValue(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw ApiException.badRequest(key + ": " + value + " (expected: a whole number)");
    }

    /** A positive whole-number id in a body field, or null when absent. */
    static Long id(JsonObject body, String key) {
        Object value = body.getValue(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() > 0) {
            return n.longValue();
        }
        throw ApiException.badRequest(key + ": " + value + " (expected: a positive whole number)");
    }

    /** An ISO-8601 instant in a body field, or null when absent. */
    static Instant instant(JsonObject body, String key) {
        return parseInstant(key, string(body, key));
    }

    static Instant instantParam(RoutingContext ctx, String name) {
        return parseInstant(name, ctx.queryParams().get(name));
    }

    private static Instant parseInstant(String field, String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field + ": \"" + raw + "\" (expected: an ISO-8601 UTC time such as "
                    + "2026-01-31T12:00:00Z)");
        }
    }

    /** A positive whole-number id in the path. */
    static long pathId(RoutingContext ctx, String name) {
        String raw = ctx.pathParam(name);
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(name + ": \"" + raw + "\" (expected: a positive whole number)");
    }

    /** {@code ?limit=}: 1 to {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}. */
    static int limit(RoutingContext ctx) {
        String raw = ctx.queryParams().get("limit");
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("limit: \"" + raw + "\" (expected: a whole number from 1 to " + MAX_LIMIT + ")");
    }

    /** {@code ?after=}: the cursor of the previous page, or null. */
    static String after(RoutingContext ctx) {
        String raw = ctx.queryParams().get("after");
        return raw == null || raw.isEmpty() ? null : raw;
    }

    /** {@code {"<key>": [...], "next": cursor|null}}. */
    static <T> JsonObject page(String key, Page<T> page, Function<T, JsonObject> view) {
        JsonArray items = new JsonArray();
        page.items().forEach(item -> items.add(view.apply(item)));
        return new JsonObject().put(key, items).put("next", page.next());
    }
}
