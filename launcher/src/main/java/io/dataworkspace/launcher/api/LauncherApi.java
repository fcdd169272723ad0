package io.dataworkspace.launcher.api;

import io.dataworkspace.launcher.ControlPlane;
import io.dataworkspace.launcher.backend.Backends;
import io.dataworkspace.launcher.credentials.InstanceCredentials;
import io.dataworkspace.launcher.db.Database;
import io.dataworkspace.launcher.db.DatabaseException;
import io.dataworkspace.launcher.db.Jdbc;
import io.dataworkspace.launcher.instance.Instance;
import io.dataworkspace.launcher.instance.InstanceRepository;
import io.dataworkspace.launcher.instance.InstanceRepository.Enqueued;
import io.dataworkspace.launcher.spawn.SpawnRefusedException;
import io.dataworkspace.launcher.spawn.SpawnService;
import io.dataworkspace.launcher.spawn.UnknownSizeException;
import io.dataworkspace.launcher.tool.ToolRepository;
import io.dataworkspace.launcher.user.User;
import io.dataworkspace.launcher.user.UserRepository;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's REST API under {@code /api/v1}, plus {@code /healthz} and {@code /metrics}. On the launcher's
 * own port every call needs the bootstrap bearer token; on the proxy's root host, a signed-in session. Errors are
 * JSON:
 * {@code {"status": 404, "message": "no instance with id …", "error": "no instance with id …"}}. The access model's
 * endpoints are in {@link AccessRoutes}.
 */
public final class LauncherApi {
    private static final Logger log = LoggerFactory.getLogger(LauncherApi.class);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}");
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int MAX_LIST = 500;
    private static final String PRINCIPAL = "dataworkspace.principal";
    private static final String CLIENT_ADDRESS = "dataworkspace.clientAddress";

    private final Database database;
    private final ToolRepository tools;
    private final UserRepository users;
    private final InstanceRepository instances;
    private final SpawnService spawns;
    private final PrometheusMeterRegistry registry;
    private final Backends backends;
    private final InstanceCredentials credentials;

    public LauncherApi(ControlPlane core, PrometheusMeterRegistry registry) {
        this.database = core.database();
        this.tools = core.tools();
        this.users = core.users();
        this.instances = core.instances();
        this.spawns = core.spawns();
        this.registry = registry;
        this.backends = core.backends();
        this.credentials = core.credentials();
    }

    /** The launcher's own server: the API behind the bootstrap token, plus health and metrics. */
    public Router router(Vertx vertx, ApiToken token) {
        return router(vertx, token, r -> { });
    }

    /**
     * The launcher's own server with {@code extra} routes outside {@code /api/v1} (the task-credentials endpoint,
     * which authenticates with its own per-instance tokens), mounted before the 404 fallback.
     */
    public Router router(Vertx vertx, ApiToken token, java.util.function.Consumer<Router> extra) {
        Router router = Router.router(vertx);
        mountHealthAndMetrics(router);
        extra.accept(router);
        mount(router, ApiAuthenticator.bearer(token), LauncherApi::peerAddress);
        router.route().last().handler(ctx -> ctx.fail(ApiException.notFound("no such endpoint: "
                + ctx.request().method() + " " + ctx.request().path())));
        router.route().failureHandler(LauncherApi::respondWithError);
        return router;
    }

    /** Adds {@code GET /healthz} (200 when the database answers, else 503) and {@code GET /metrics} (Prometheus). */
    public void mountHealthAndMetrics(Router router) {
        router.get("/healthz").blockingHandler(this::health, false);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(registry.scrape()));
    }

    /**
     * Adds the {@code /api/v1} endpoints to {@code router}, each call authenticated by {@code authenticator}:
     * admins may do anything, users only see and act on themselves and their own instances. Errors under
     * {@code /api/v1} are JSON.
     *
     * @param clientAddress the caller's address for the audit log (behind a proxy: from trusted X-Forwarded-For)
     */
    public void mount(Router router, ApiAuthenticator authenticator,
            Function<HttpServerRequest, String> clientAddress) {
        router.route("/api/v1/*").handler(ctx -> authenticator.authenticate(ctx).onComplete(result -> {
            ctx.put(CLIENT_ADDRESS, clientAddress.apply(ctx.request()));
            if (result.failed()) {
                ctx.fail(result.cause());
            } else if (result.result().isEmpty()) {
                ctx.response().putHeader("WWW-Authenticate", "Bearer");
                ctx.fail(ApiException.unauthorized("a valid bearer token or session is required"));
            } else {
                ctx.put(PRINCIPAL, result.result().get());
                ctx.next();
            }
        }));
        router.route("/api/v1/*").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
        router.post("/api/v1/users").blockingHandler(blocking(this::createUser), false);
        router.get("/api/v1/users/:id").blockingHandler(blocking(this::getUser), false);
        router.post("/api/v1/instances").blockingHandler(blocking(this::startInstance), false);
        router.get("/api/v1/instances").blockingHandler(blocking(this::listInstances), false);
        router.get("/api/v1/instances/:id").blockingHandler(blocking(this::getInstance), false);
        router.post("/api/v1/instances/:id/stop").blockingHandler(blocking(this::stopInstance), false);
        router.get("/api/v1/prometheus/targets").blockingHandler(blocking(this::prometheusTargets), false);
        new AccessRoutes(database.jdbc(), tools, users, instances, spawns, backends, credentials).mount(router);
        router.route("/api/v1/*").last().handler(ctx -> ctx.fail(ApiException.notFound("no such endpoint: "
                + ctx.request().method() + " " + ctx.request().path())));
        router.route("/api/v1/*").failureHandler(LauncherApi::respondWithError);
    }

    static Principal principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }

    private static void requireAdmin(RoutingContext ctx) {
        if (!principal(ctx).admin()) {
            throw ApiException.forbidden("only administrators may do this");
        }
    }

    private void health(RoutingContext ctx) {
        boolean ok = database.isHealthy();
        ctx.response().setStatusCode(ok ? 200 : 503);
        ctx.json(new JsonObject().put("status", ok ? "ok" : "unavailable").put("database", ok ? "ok" : "unreachable"));
    }

    private void createUser(RoutingContext ctx) {
        requireAdmin(ctx);
        JsonObject body = body(ctx);
        String email = requiredString(body, "email");
        if (!EMAIL.matcher(email).matches()) {
            throw ApiException.badRequest("email: \"" + email + "\" (expected: an email address)");
        }
        String name = body.getString("name", "");
        String subject = body.getString("subject");
        boolean admin = body.getBoolean("admin", false);
        User user;
        try {
            user = users.create(email, name, subject, admin);
        } catch (DatabaseException e) {
            if (Jdbc.isUniqueViolation(e)) {
                throw ApiException.conflict("a user with this email or subject already exists");
            }
            throw e;
        }
        ctx.response().setStatusCode(201);
        ctx.json(JsonViews.user(user));
    }

    private void getUser(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!principal(ctx).mayActFor(id)) {
            throw ApiException.forbidden("you may only see your own account");
        }
        ctx.json(JsonViews.user(user(id)));
    }

    private void startInstance(RoutingContext ctx) {
        JsonObject body = body(ctx);
        Principal caller = principal(ctx);
        String userId = body.containsKey("userId") || caller.userId() == null ? requiredString(body, "userId")
                : caller.userId();
        String tool = requiredString(body, "tool");
        String size = ApiCalls.string(body, "size");
        if (size != null && size.isBlank()) {
            throw ApiException.badRequest("size: \"\" (expected: the name of a size the tool offers, or no size)");
        }
        if (!caller.mayActFor(userId)) {
            throw ApiException.forbidden("you may only start your own tools");
        }
        Enqueued result;
        try {
            result = spawns.requestStart(userId, tool, Optional.ofNullable(size), caller.userId(), clientIp(ctx));
        } catch (UnknownSizeException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (SpawnRefusedException e) {
            throw new ApiException(switch (e.reason()) {
                case UNKNOWN_USER, UNKNOWN_TOOL -> 404;
                case USER_DISABLED, NOT_GRANTED -> 403;
                case TOOL_DISABLED, TOOL_UNAVAILABLE -> 409;
            }, e.getMessage());
        }
        ctx.response().setStatusCode(result.created() ? 201 : 200);
        ctx.json(JsonViews.instance(result.instance()));
    }

    private void listInstances(RoutingContext ctx) {
        Principal caller = principal(ctx);
        String userId = caller.admin() ? ctx.queryParams().get("userId") : caller.userId();
        boolean liveOnly = "true".equals(ctx.queryParams().get("live"));
        int limit = intParam(ctx, "limit", 100);
        List<Instance> list = instances.list(userId, liveOnly, limit);
        JsonArray json = new JsonArray();
        list.forEach(i -> json.add(JsonViews.instance(i)));
        ctx.json(new JsonObject().put("instances", json));
    }

    private void getInstance(RoutingContext ctx) {
        Instance instance = visibleInstance(ctx);
        ctx.json(JsonViews.instance(instance, instances.progress(instance.id())));
    }

    private void stopInstance(RoutingContext ctx) {
        Instance instance = visibleInstance(ctx);
        Instance after = spawns.requestStop(instance, "stopped through the API", principal(ctx).userId(),
                clientIp(ctx));
        ctx.response().setStatusCode(202);
        ctx.json(JsonViews.instance(after));
    }

    /** The instance named in the path, if the caller may see it; another user's instance is "not found". */
    private Instance visibleInstance(RoutingContext ctx) {
        Instance instance = instance(ctx.pathParam("id"));
        if (!principal(ctx).mayActFor(instance.userId())) {
            throw ApiException.notFound("no instance with id " + instance.id());
        }
        return instance;
    }

    /**
     * Prometheus HTTP service discovery: one target group per sidecar (metrics, and s3sync unless the instance is a
     * visualisation) of each live instance with a task address, labelled by tool, user, instance and sidecar. Admins (and the bootstrap token) only.
     */
    private void prometheusTargets(RoutingContext ctx) {
        requireAdmin(ctx);
        JsonArray groups = new JsonArray();
        for (Instance instance : instances.live()) {
            if (instance.endpoint().isEmpty() || instance.taskId().isEmpty()) {
                continue;
            }
            boolean syncsHome = tools.find(instance.toolSlug()).map(t -> !SpawnService.isVisualisation(t)).orElse(true);
            backends.find(instance.backend())
                    .map(b -> b.scrapeTargets(instance.taskId().get(), instance.endpoint().get(), syncsHome))
                    .orElse(List.of())
                    .forEach(target -> groups.add(new JsonObject()
                            .put("targets", new JsonArray().add(target.address()))
                            .put("labels", new JsonObject()
                                    .put("tool", instance.toolSlug())
                                    .put("user", instance.userId())
                                    .put("instance_id", instance.id().toString())
                                    .put("sidecar", target.sidecar()))));
        }
        ctx.response().putHeader("Content-Type", "application/json").end(groups.encode());
    }

    private User user(String id) {
        return users.find(id).orElseThrow(() -> ApiException.notFound("no user with id " + id));
    }

    private Instance instance(String rawId) {
        UUID id;
        try {
            id = UUID.fromString(rawId);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("instance id: \"" + rawId + "\" (expected: a UUID)");
        }
        return instances.find(id).orElseThrow(() -> ApiException.notFound("no instance with id " + id));
    }

    private static JsonObject body(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw ApiException.badRequest("a JSON object body is required");
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            throw ApiException.badRequest("the body is not a JSON object");
        }
    }

    private static String requiredString(JsonObject body, String key) {
        Object value = body.getValue(key);
        if (!(value instanceof String s) || s.isBlank()) {
            throw ApiException.badRequest(key + ": " + value + " (expected: a non-empty string)");
        }
        return s;
    }

    private static int intParam(RoutingContext ctx, String name, int fallback) {
        String raw = ctx.queryParams().get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value < 1 || value > MAX_LIST) {
                throw ApiException.badRequest(name + ": " + raw + " (expected: 1 to " + MAX_LIST + ")");
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + ": \"" + raw + "\" (expected: a whole number)");
        }
    }

    static String clientIp(RoutingContext ctx) {
        return ctx.get(CLIENT_ADDRESS);
    }

    /** The connection's peer: the client itself when nothing stands in front of the launcher's port. */
    private static String peerAddress(HttpServerRequest request) {
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }

    /** Runs a blocking handler, sending any exception to the failure handler. */
    private static Handler<RoutingContext> blocking(Handler<RoutingContext> handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        };
    }

    /** The one error responder: JSON with the status and a message; never a stack trace to the client. */
    static void respondWithError(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        int status;
        String message;
        if (failure instanceof ApiException api) {
            status = api.status();
            message = api.getMessage();
        } else if (failure instanceof DatabaseException) {
            status = 503;
            message = "the database is unavailable; try again shortly";
            log.warn("API request {} {} failed: {}", ctx.request().method(), ctx.request().path(),
                    failure.getMessage());
        } else if (failure != null) {
            status = 500;
            message = "internal error";
            log.error("API request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
        } else {
            status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            message = switch (status) {
                case 405 -> "method not allowed";
                case 413 -> "request body too large (limit " + MAX_BODY_BYTES + " bytes)";
                default -> "request failed";
            };
        }
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json");
        ctx.response().end(new JsonObject().put("status", status).put("message", message).put("error", message)
                .encode());
    }
}
