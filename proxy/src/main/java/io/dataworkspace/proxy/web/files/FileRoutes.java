package io.dataworkspace.proxy.web.files;

import io.dataworkspace.launcher.audit.AuditLog;
import io.dataworkspace.proxy.web.AppShell.Page;
import io.dataworkspace.proxy.web.Pages;
import io.dataworkspace.proxy.web.Requests;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * The file browser's JSON calls on the root host, for the signed-in user's own {@code user/<id>/} only:
 *
 * <pre>
 * GET    /files/api/list?prefix=&amp;after=     a folder's sub-folders and files, a page at a time
 * GET    /files/api/download?key=             a presigned GET URL (Content-Disposition: attachment)
 * POST   /files/api/folders {key}              a zero-byte folder marker "key/"
 * POST   /files/api/uploads {key,size}         a presigned PUT, or a new multipart upload      (audit file.upload)
 * POST   /files/api/uploads/parts {key,uploadId,partNumbers}   presigned UploadPart URLs (at most 100 a call)
 * POST   /files/api/uploads/complete {key,uploadId,parts:[{partNumber,etag}]}
 * POST   /files/api/uploads/abort {key,uploadId}
 * DELETE /files/api/objects?key=              a file, or an empty folder                      (audit file.delete)
 * </pre>
 *
 * State changes must carry our Origin (CSRF). Bad keys are 400s ({@link HomeKeys}); the bytes never pass here.
 */
public final class FileRoutes {
    /** The page shell of {@code /files}. */
    public static final Page PAGE = new Page("Files", "Your files", "files.js", List.of(), "/files");
    static final String API = "/files/api";
    static final int MAX_BODY = 1 << 20;
    static final int MAX_PARTS_PER_CALL = 100;
    static final String METRIC = "dataworkspace_proxy_file_calls_total";
    private static final Logger log = LoggerFactory.getLogger(FileRoutes.class);

    private final Vertx vertx;
    private final FileStore store;
    private final AuditLog audit;
    private final String origin;
    private final Function<HttpServerRequest, String> clientAddress;
    private final MeterRegistry registry;

    /**
     * @param origin        the platform's public origin, which state-changing calls must come from
     * @param clientAddress the caller's address for the audit log
     * @param registry      where {@value #METRIC}{@code {call,code}} is counted
     */
    public FileRoutes(Vertx vertx, FileStore store, AuditLog audit, String origin,
            Function<HttpServerRequest, String> clientAddress, MeterRegistry registry) {
        this.vertx = vertx;
        this.store = store;
        this.audit = audit;
        this.origin = origin;
        this.clientAddress = clientAddress;
        this.registry = registry;
    }

    /** The origin presigned URLs point at: the page's CSP must allow it in {@code connect-src}. */
    public String storageOrigin() {
        return store.browserOrigin();
    }

    /**
     * Reads JSON bodies of the calls (at most 1 MiB). Mount before any asynchronous handler such as the session
     * check, so no body byte arrives before a handler is there to read it.
     */
    public void mountBodyReader(Router router) {
        router.post(API + "/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
    }

    /** Mounts the calls, after the sign-in check; {@code userId} names the signed-in user of a request. */
    public void mount(Router router, Function<RoutingContext, String> userId) {
        router.route(API + "/*").handler(ctx -> {
            HttpMethod m = ctx.request().method();
            if (m != HttpMethod.GET && m != HttpMethod.HEAD && !Requests.isSameOrigin(ctx.request(), origin)) {
                error(ctx, 403, "state-changing requests must come from a Data Workspace page (Origin "
                        + ctx.request().getHeader("Origin") + " refused)");
                return;
            }
            ctx.next();
        });
        router.get(API + "/list").handler(ctx -> run(ctx, "list", () -> list(ctx, userId.apply(ctx))));
        router.get(API + "/download").handler(ctx -> run(ctx, "download", () -> {
            String key = HomeKeys.file(userId.apply(ctx), ctx.request().getParam("key"));
            return new Reply(200, new JsonObject().put("key", key).put("url", store.downloadUrl(key)));
        }));
        router.post(API + "/folders").handler(ctx -> run(ctx, "folder", () -> {
            String user = userId.apply(ctx);
            String key = HomeKeys.entry(user, HomeKeys.folder(user, body(ctx).getString("key")));
            store.createFolder(key);
            audit.record(user, "file.folder.create", key, clientAddress.apply(ctx.request()), Map.of());
            return new Reply(201, new JsonObject().put("key", key));
        }));
        router.post(API + "/uploads").handler(ctx -> run(ctx, "upload", () -> startUpload(ctx, userId.apply(ctx))));
        router.post(API + "/uploads/parts").handler(ctx -> run(ctx, "parts",
                () -> partUrls(ctx, userId.apply(ctx))));
        router.post(API + "/uploads/complete").handler(ctx -> run(ctx, "complete",
                () -> complete(ctx, userId.apply(ctx))));
        router.post(API + "/uploads/abort").handler(ctx -> run(ctx, "abort", () -> {
            JsonObject body = body(ctx);
            store.abortUpload(HomeKeys.file(userId.apply(ctx), body.getString("key")), uploadId(body));
            return new Reply(200, new JsonObject().put("aborted", true));
        }));
        router.delete(API + "/objects").handler(ctx -> run(ctx, "delete", () -> {
            String user = userId.apply(ctx);
            String key = HomeKeys.entry(user, ctx.request().getParam("key"));
            store.delete(key);
            audit.record(user, "file.delete", key, clientAddress.apply(ctx.request()), Map.of());
            return new Reply(200, new JsonObject().put("deleted", key));
        }));
        router.route(API + "/*").handler(ctx -> error(ctx, 404, "there is no file call " + ctx.request().method()
                + " " + ctx.request().path()));
    }

    private Reply list(RoutingContext ctx, String user) {
        String prefix = Optional.ofNullable(ctx.request().getParam("prefix")).orElse(HomeKeys.home(user));
        FileStore.Listing listing = store.list(HomeKeys.folder(user, prefix),
                Optional.ofNullable(ctx.request().getParam("after")).filter(s -> !s.isEmpty()));
        JsonArray folders = new JsonArray();
        listing.folders().forEach(f -> folders.add(new JsonObject().put("key", f.key()).put("name", f.name())));
        JsonArray files = new JsonArray();
        listing.files().forEach(f -> files.add(new JsonObject().put("key", f.key()).put("name", f.name())
                .put("size", f.size()).put("modified", f.modified() == null ? null : f.modified().toString())));
        return new Reply(200, new JsonObject().put("home", HomeKeys.home(user)).put("prefix", listing.prefix())
                .put("folders", folders).put("files", files).put("next", listing.next().orElse(null)));
    }

    private Reply startUpload(RoutingContext ctx, String user) {
        JsonObject body = body(ctx);
        String key = HomeKeys.file(user, body.getString("key"));
        long size = number(body, "size");
        UploadPlan plan = store.startUpload(key, size);
        JsonObject reply = new JsonObject().put("key", key);
        if (plan instanceof UploadPlan.Single single) {
            reply.put("method", "single").put("url", single.url());
        } else if (plan instanceof UploadPlan.Multipart multi) {
            reply.put("method", "multipart").put("uploadId", multi.uploadId()).put("partSize", multi.partSize())
                    .put("partCount", multi.partCount());
        }
        audit.record(user, "file.upload", key, clientAddress.apply(ctx.request()),
                Map.of("size", size, "multipart", plan instanceof UploadPlan.Multipart));
        return new Reply(200, reply);
    }

    private Reply partUrls(RoutingContext ctx, String user) {
        JsonObject body = body(ctx);
        String key = HomeKeys.file(user, body.getString("key"));
        JsonArray numbers = array(body, "partNumbers");
        if (numbers.isEmpty() || numbers.size() > MAX_PARTS_PER_CALL) {
            throw FilesException.badRequest("partNumbers: " + numbers.size() + " numbers (expected: 1 to "
                    + MAX_PARTS_PER_CALL + ")");
        }
        List<Integer> wanted = new ArrayList<>();
        for (int i = 0; i < numbers.size(); i++) {
            if (!(numbers.getValue(i) instanceof Number n)) {
                throw FilesException.badRequest("partNumbers: " + numbers.getValue(i) + " (expected: a number)");
            }
            wanted.add(n.intValue());
        }
        JsonObject urls = new JsonObject();
        store.partUrls(key, uploadId(body), wanted).forEach((n, url) -> urls.put(String.valueOf(n), url));
        return new Reply(200, new JsonObject().put("key", key).put("urls", urls));
    }

    private Reply complete(RoutingContext ctx, String user) {
        JsonObject body = body(ctx);
        String key = HomeKeys.file(user, body.getString("key"));
        JsonArray given = array(body, "parts");
        if (given.isEmpty() || given.size() > UploadPlan.MAX_PARTS) {
            throw FilesException.badRequest("parts: " + given.size() + " parts (expected: 1 to " + UploadPlan.MAX_PARTS
                    + ")");
        }
        List<CompletedPart> parts = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            if (!(given.getValue(i) instanceof JsonObject part) || !(part.getValue("partNumber") instanceof Number n)
                    || !(part.getValue("etag") instanceof String etag) || etag.isBlank()) {
                throw FilesException.badRequest("parts[" + i + "] (expected: {\"partNumber\": n, \"etag\": \"…\"})");
            }
            parts.add(CompletedPart.builder().partNumber(n.intValue()).eTag(etag).build());
        }
        long size = store.completeUpload(key, uploadId(body), parts);
        return new Reply(200, new JsonObject().put("key", key).put("size", size));
    }

    private static JsonObject body(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw FilesException.badRequest("the body is empty (expected: a JSON object)");
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            throw FilesException.badRequest("the body is not a JSON object");
        }
    }

    private static String uploadId(JsonObject body) {
        if (!(body.getValue("uploadId") instanceof String id) || id.isBlank() || id.length() > 1024) {
            throw FilesException.badRequest("uploadId is missing (expected: the id the upload was started with)");
        }
        return id;
    }

    private static long number(JsonObject body, String name) {
        if (!(body.getValue(name) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw FilesException.badRequest(name + ": " + body.getValue(name) + " (expected: a whole number)");
        }
        return n.longValue();
    }

    private static JsonArray array(JsonObject body, String name) {
        if (!(body.getValue(name) instanceof JsonArray a)) {
            throw FilesException.badRequest(name + " is missing (expected: a JSON array)");
        }
        return a;
    }

    private record Reply(int status, JsonObject body) {
    }

    /** Runs a call on a worker thread (S3 and the audit log block) and answers its JSON or its error. */
    private void run(RoutingContext ctx, String name, Callable<Reply> call) {
        vertx.executeBlocking(call, false).onComplete(result -> {
            int status = result.succeeded() ? result.result().status()
                    : result.cause() instanceof FilesException e ? e.status() : 500;
            registry.counter(METRIC, "call", name, "code", String.valueOf(status)).increment();
            if (result.succeeded()) {
                Pages.noStore(ctx.response()).setStatusCode(result.result().status())
                        .putHeader("Content-Type", "application/json").end(result.result().body().encode());
            } else if (result.cause() instanceof FilesException e) {
                error(ctx, e.status(), e.getMessage());
            } else {
                log.warn("file call {} {} failed: {}", ctx.request().method(), ctx.request().path(),
                        result.cause().toString());
                error(ctx, 500, "the file call could not be completed; try again shortly");
            }
        });
    }

    private static void error(RoutingContext ctx, int status, String message) {
        if (!ctx.response().ended()) {
            Pages.jsonError(ctx.response(), status, message);
        }
    }
}
