package io.dataworkspace.launcher.testing.aws;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the ECS API (JSON 1.1 over HTTP, as the AWS SDK v2 speaks it): RunTask, DescribeTasks,
 * StopTask and ListTasks on one cluster. It checks the wire format of every request (POST /, the
 * {@code X-Amz-Target} header, the JSON 1.1 content type, a SigV4 {@code Authorization} header whose credential
 * scope names the region and {@code ecs}) and answers with the shapes of the ECS API reference, errors included
 * ({@code {"__type": "ThrottlingException", "message": …}} with HTTP 400, {@code ServerException} with 500).
 *
 * <p>Tasks move one state per DescribeTasks of them (PROVISIONING, PENDING, ACTIVATING, RUNNING), or follow a
 * {@link Plan} registered for their task definition. RunTask is idempotent by {@code clientToken}. Every request
 * is recorded; requests that break the wire format are listed by {@link #violations()}.
 */
public final class FakeEcs implements AutoCloseable {
    public static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";
    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final Pattern CREDENTIAL = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request, "
                    + "SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final String region;
    private final String cluster;
    private final String accountId = "123456789012";
    private final Object lock = new Object();
    private final Map<String, FakeTask> tasks = new LinkedHashMap<>();
    private final Map<String, FakeTask> byClientToken = new LinkedHashMap<>();
    private final Map<String, Plan> plans = new LinkedHashMap<>();
    private final Map<String, Deque<Error>> errors = new LinkedHashMap<>();
    private final Deque<JsonArray> runTaskFailures = new ArrayDeque<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Map<String, TokenBucket> limits = new LinkedHashMap<>();
    private final Map<String, Integer> throttled = new LinkedHashMap<>();
    private volatile String taskIp = "127.0.0.1";
    private volatile int listPageSize = 100;
    private volatile List<Duration> timeline;

    /** ECS's rate limits are token buckets per action: {@code burst} calls at once, refilled at {@code perSecond}. */
    private static final class TokenBucket {
        final double burst;
        final double perSecond;
        double tokens;
        long refilledAt = System.nanoTime();

        TokenBucket(int burst, double perSecond) {
            this.burst = burst;
            this.perSecond = perSecond;
            this.tokens = burst;
        }

        boolean take() {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * perSecond);
            refilledAt = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }

    /** One request as received: the action, its JSON body and headers. */
    public record Call(String action, JsonObject body, Map<String, String> headers) {
    }

    /** An error answer: {@code __type}, HTTP status and message. */
    public record Error(String type, int status, String message) {
        public static Error throttling() {
            return new Error("ThrottlingException", 400, "Rate exceeded");
        }

        public static Error server() {
            return new Error("ServerException", 500, "Service Unavailable. Please try again later.");
        }

        public static Error invalidParameter(String message) {
            return new Error("InvalidParameterException", 400, message);
        }
    }

    /**
     * How the tasks of a task definition go: the states they pass through, one per DescribeTasks; a final STOPPED
     * state stops them with {@code stoppedReason}, {@code stopCode} and, per container, a reason and exit code.
     */
    public record Plan(List<String> states, String stoppedReason, String stopCode, Map<String, String> containerReasons,
            Map<String, Integer> exitCodes) {
        public static Plan healthy() {
            return new Plan(List.of("PROVISIONING", "PENDING", "ACTIVATING", "RUNNING"), null, null, Map.of(),
                    Map.of());
        }

        /** The image cannot be pulled: the task stops while PENDING, as Fargate reports it. */
        public static Plan imagePullFailure(String image) {
            String reason = "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to "
                    + "resolve ref " + image + ": " + image + ": not found";
            return new Plan(List.of("PROVISIONING", "PENDING", "STOPPED"), reason, "TaskFailedToStart",
                    Map.of("tool", reason), Map.of());
        }

        /** The tool's container exits with {@code code} once running. */
        public static Plan toolExits(int code) {
            return new Plan(List.of("PROVISIONING", "PENDING", "RUNNING", "STOPPED"),
                    "Essential container in task exited", "EssentialContainerExited", Map.of(), Map.of("tool", code));
        }
    }

    private static final class FakeTask {
        final String arn;
        final String family;
        final String clientToken;
        final JsonObject request;
        final Plan plan;
        int step;
        String desiredStatus = "RUNNING";
        String stoppedReason;
        String stopCode;
        boolean stoppedByUser;

        FakeTask(String arn, String family, String clientToken, JsonObject request, Plan plan) {
            this.arn = arn;
            this.family = family;
            this.clientToken = clientToken;
            this.request = request;
            this.plan = plan;
        }

        final long createdAt = System.nanoTime();

        String lastStatus(List<Duration> timeline) {
            if (stoppedByUser) {
                return "STOPPED";
            }
            if (timeline != null && plan.equals(Plan.healthy())) {
                long elapsed = System.nanoTime() - createdAt;
                for (int i = 0; i < timeline.size(); i++) {
                    elapsed -= timeline.get(i).toNanos();
                    if (elapsed < 0) {
                        return plan.states().get(i);
                    }
                }
                return "RUNNING";
            }
            return plan.states().get(Math.min(step, plan.states().size() - 1));
        }
    }

    private FakeEcs(String region, String cluster) {
        this.region = region;
        this.cluster = cluster;
        this.server = vertx.createHttpServer().requestHandler(this::handle);
    }

    /** Starts a fake on a free loopback port. */
    public static FakeEcs start(String region, String cluster) {
        FakeEcs fake = new FakeEcs(region, cluster);
        try {
            fake.server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            fake.close();
            throw new IllegalStateException("the fake ECS did not start", e);
        }
        return fake;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.actualPort());
    }

    /** Tasks of this task definition family follow {@code plan} (default: {@link Plan#healthy()}). */
    public void plan(String family, Plan plan) {
        synchronized (lock) {
            plans.put(family, plan);
        }
    }

    /** The next {@code times} calls of {@code action} (e.g. {@code RunTask}) answer {@code error}. */
    public void failNext(String action, int times, Error error) {
        synchronized (lock) {
            Deque<Error> queue = errors.computeIfAbsent(action, a -> new ArrayDeque<>());
            for (int i = 0; i < times; i++) {
                queue.add(error);
            }
        }
    }

    /** The next RunTask launches nothing and lists this failure (e.g. reason {@code RESOURCE:CPU}). */
    public void runTaskFailureNext(String reason, String detail) {
        synchronized (lock) {
            JsonObject failure = new JsonObject().put("reason", reason);
            if (detail != null) {
                failure.put("detail", detail);
            }
            runTaskFailures.add(new JsonArray().add(failure));
        }
    }

    /** Throttles {@code action} like ECS does: a token bucket of {@code burst} refilled at {@code perSecond}. */
    public void rateLimit(String action, int burst, double perSecond) {
        synchronized (lock) {
            limits.put(action, new TokenBucket(burst, perSecond));
        }
    }

    /** How many calls of {@code action} were answered ThrottlingException by {@link #rateLimit}. */
    public int throttled(String action) {
        synchronized (lock) {
            return throttled.getOrDefault(action, 0);
        }
    }

    /**
     * Healthy tasks move by time instead of one state per description: PROVISIONING for the first duration,
     * PENDING for the second, ACTIVATING for the third, then RUNNING.
     */
    public void timeline(Duration provisioning, Duration pending, Duration activating) {
        this.timeline = List.of(provisioning, pending, activating);
    }

    /** The private IPv4 address the fake gives tasks' network interfaces (default 127.0.0.1). */
    public void taskIp(String ip) {
        this.taskIp = ip;
    }

    /** At most this many task ARNs per ListTasks page, whatever maxResults asks (to exercise pagination). */
    public void listPageSize(int size) {
        this.listPageSize = size;
    }

    /**
     * Adds a task as another launcher would have left it: running, tagged for an instance, started by
     * {@code startedBy}.
     */
    public String addRunningTask(String family, String startedBy, Map<String, String> tags) {
        synchronized (lock) {
            JsonArray tagList = new JsonArray();
            tags.forEach((k, v) -> tagList.add(new JsonObject().put("key", k).put("value", v)));
            JsonObject request = new JsonObject().put("taskDefinition", family).put("startedBy", startedBy)
                    .put("tags", tagList);
            FakeTask task = new FakeTask(newArn(), family, null, request, new Plan(List.of("RUNNING"), null, null,
                    Map.of(), Map.of()));
            tasks.put(task.arn, task);
            return task.arn;
        }
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String action) {
        return calls.stream().filter(c -> c.action().equals(action)).toList();
    }

    /** Requests that broke the ECS wire format, each with what was wrong; a passing test expects none. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** ARNs of the tasks whose desired status is RUNNING. */
    public List<String> runningTasks() {
        synchronized (lock) {
            return tasks.values().stream().filter(t -> t.desiredStatus.equals("RUNNING")).map(t -> t.arn).toList();
        }
    }

    /** The StopTask reason a task was stopped with, if it was. */
    public Optional<String> stoppedReason(String arn) {
        synchronized (lock) {
            return Optional.ofNullable(tasks.get(arn)).map(t -> t.stoppedReason);
        }
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(buffer -> {
            String target = String.valueOf(request.getHeader("X-Amz-Target"));
            String action = target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : target;
            Map<String, String> headers = new LinkedHashMap<>();
            request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
            JsonObject body;
            try {
                body = buffer.length() == 0 ? new JsonObject() : buffer.toJsonObject();
            } catch (DecodeException e) {
                violations.add(action + ": body is not a JSON object");
                reply(request, 400, error("SerializationException", "body is not JSON"));
                return;
            }
            calls.add(new Call(action, body, headers));
            Optional<String> problem = wireProblem(request, target, headers);
            if (problem.isPresent()) {
                violations.add(action + ": " + problem.get());
                reply(request, 400, error("InvalidSignatureException", problem.get()));
                return;
            }
            JsonObject answer;
            synchronized (lock) {
                Deque<Error> queue = errors.get(action);
                Error injected = queue == null ? null : queue.poll();
                if (injected != null) {
                    reply(request, injected.status(), error(injected.type(), injected.message()));
                    return;
                }
                TokenBucket bucket = limits.get(action);
                if (bucket != null && !bucket.take()) {
                    throttled.merge(action, 1, Integer::sum);
                    reply(request, 400, error("ThrottlingException", "Rate exceeded"));
                    return;
                }
                if (!body.getString("cluster", "default").equals(cluster)) {
                    reply(request, 400, error("ClusterNotFoundException", "Cluster not found."));
                    return;
                }
                try {
                    answer = switch (action) {
                        case "RunTask" -> runTask(body);
                        case "DescribeTasks" -> describeTasks(body);
                        case "StopTask" -> stopTask(body);
                        case "ListTasks" -> listTasks(body);
                        default -> throw new FakeError(new Error("UnknownOperationException", 400,
                                "unsupported operation " + action));
                    };
                } catch (FakeError e) {
                    reply(request, e.error.status(), error(e.error.type(), e.error.message()));
                    return;
                }
            }
            reply(request, 200, answer);
        });
    }

    private Optional<String> wireProblem(HttpServerRequest request, String target, Map<String, String> headers) {
        if (!request.method().name().equals("POST") || !request.path().equals("/")) {
            return Optional.of("expected POST /, got " + request.method() + " " + request.path());
        }
        if (!target.startsWith(TARGET_PREFIX)) {
            return Optional.of("X-Amz-Target: " + target + " (expected " + TARGET_PREFIX + "<Action>)");
        }
        String contentType = headers.getOrDefault("content-type", "");
        if (!contentType.startsWith(CONTENT_TYPE)) {
            return Optional.of("Content-Type: " + contentType + " (expected " + CONTENT_TYPE + ")");
        }
        if (!headers.containsKey("x-amz-date")) {
            return Optional.of("no X-Amz-Date header");
        }
        Matcher m = CREDENTIAL.matcher(headers.getOrDefault("authorization", ""));
        if (!m.matches()) {
            return Optional.of("Authorization is not a SigV4 header: " + headers.get("authorization"));
        }
        if (!m.group(3).equals(region) || !m.group(4).equals("ecs")) {
            return Optional.of("credential scope " + m.group(3) + "/" + m.group(4) + " (expected " + region + "/ecs)");
        }
        if (!headers.get("x-amz-date").startsWith(m.group(2))) {
            return Optional.of("credential scope date " + m.group(2) + " is not the X-Amz-Date's");
        }
        List<String> signed = List.of(m.group(5).split(";"));
        if (!signed.contains("host") || !signed.contains("x-amz-date") || !signed.contains("x-amz-target")) {
            return Optional.of("SignedHeaders " + m.group(5) + " (expected host, x-amz-date and x-amz-target)");
        }
        return Optional.empty();
    }

    private JsonObject runTask(JsonObject body) {
        String family = require(body, "taskDefinition");
        if (!body.containsKey("launchType") && !body.containsKey("capacityProviderStrategy")) {
            throw new FakeError(Error.invalidParameter("launchType or capacityProviderStrategy is required"));
        }
        if (body.getInteger("count", 1) != 1) {
            throw new FakeError(Error.invalidParameter("the fake starts one task at a time"));
        }
        String token = body.getString("clientToken");
        if (token != null && token.length() > 64) {
            throw new FakeError(Error.invalidParameter("clientToken: longer than 64 characters"));
        }
        JsonObject awsvpc = body.getJsonObject("networkConfiguration", new JsonObject())
                .getJsonObject("awsvpcConfiguration");
        if (awsvpc == null || awsvpc.getJsonArray("subnets", new JsonArray()).isEmpty()) {
            throw new FakeError(Error.invalidParameter("Network Configuration must be provided when networkMode "
                    + "'awsvpc' is specified."));
        }
        if (token != null && byClientToken.containsKey(token)) {
            return new JsonObject().put("tasks", new JsonArray().add(describe(byClientToken.get(token), true)))
                    .put("failures", new JsonArray());
        }
        JsonArray failures = runTaskFailures.poll();
        if (failures != null) {
            return new JsonObject().put("tasks", new JsonArray()).put("failures", failures);
        }
        FakeTask task = new FakeTask(newArn(), family, token, body.copy(), plans.getOrDefault(family, Plan.healthy()));
        tasks.put(task.arn, task);
        if (token != null) {
            byClientToken.put(token, task);
        }
        return new JsonObject().put("tasks", new JsonArray().add(describe(task, true))).put("failures",
                new JsonArray());
    }

    private JsonObject describeTasks(JsonObject body) {
        JsonArray wanted = body.getJsonArray("tasks");
        if (wanted == null || wanted.isEmpty() || wanted.size() > 100) {
            throw new FakeError(Error.invalidParameter("Tasks cannot be empty and at most 100."));
        }
        boolean tags = body.getJsonArray("include", new JsonArray()).contains("TAGS");
        JsonArray found = new JsonArray();
        JsonArray failures = new JsonArray();
        for (Object id : wanted) {
            FakeTask task = find(String.valueOf(id));
            if (task == null) {
                failures.add(new JsonObject().put("arn", String.valueOf(id)).put("reason", "MISSING"));
                continue;
            }
            found.add(describe(task, tags));
            if (task.step < task.plan.states().size() - 1) {
                task.step++;
            }
        }
        return new JsonObject().put("tasks", found).put("failures", failures);
    }

    private JsonObject stopTask(JsonObject body) {
        FakeTask task = find(require(body, "task"));
        if (task == null) {
            throw new FakeError(Error.invalidParameter("The referenced task was not found."));
        }
        if (!task.lastStatus(timeline).equals("STOPPED")) {
            task.desiredStatus = "STOPPED";
            task.stoppedReason = body.getString("reason", "Task stopped by user");
            task.stopCode = "UserInitiated";
            task.stoppedByUser = true;
        }
        return new JsonObject().put("task", describe(task, false));
    }

    private JsonObject listTasks(JsonObject body) {
        String startedBy = body.getString("startedBy");
        String desired = body.getString("desiredStatus", "RUNNING");
        int max = Math.min(body.getInteger("maxResults", 100), listPageSize);
        int from = body.getString("nextToken") == null ? 0 : Integer.parseInt(body.getString("nextToken"));
        List<String> matching = new ArrayList<>();
        for (FakeTask task : tasks.values()) {
            boolean stopped = task.desiredStatus.equals("STOPPED") || task.lastStatus(timeline).equals("STOPPED");
            if ((startedBy == null || startedBy.equals(task.request.getString("startedBy")))
                    && desired.equals(stopped ? "STOPPED" : "RUNNING")) {
                matching.add(task.arn);
            }
        }
        int to = Math.min(matching.size(), from + max);
        JsonObject page = new JsonObject().put("taskArns", new JsonArray(matching.subList(from, to)));
        if (to < matching.size()) {
            page.put("nextToken", Integer.toString(to));
        }
        return page;
    }

    private JsonObject describe(FakeTask task, boolean withTags) {
        String last = task.lastStatus(timeline);
        boolean stopped = last.equals("STOPPED");
        if (stopped && task.stoppedReason == null) {
            task.stoppedReason = task.plan.stoppedReason();
            task.stopCode = task.plan.stopCode();
            task.desiredStatus = "STOPPED";
        }
        JsonObject json = new JsonObject()
                .put("taskArn", task.arn)
                .put("clusterArn", "arn:aws:ecs:" + region + ":" + accountId + ":cluster/" + cluster)
                .put("taskDefinitionArn", "arn:aws:ecs:" + region + ":" + accountId + ":task-definition/" + task.family
                        + ":1")
                .put("lastStatus", last)
                .put("desiredStatus", task.desiredStatus)
                .put("platformVersion", "1.4.0")
                .put("cpu", task.request.getJsonObject("overrides", new JsonObject()).getString("cpu", "1024"))
                .put("memory", task.request.getJsonObject("overrides", new JsonObject()).getString("memory", "2048"))
                .put("startedBy", task.request.getString("startedBy"))
                .put("createdAt", 1.7636e9)
                .put("overrides", task.request.getJsonObject("overrides", new JsonObject()))
                .put("attachments", new JsonArray().add(eni(task)))
                .put("containers", containers(task));
        if (task.request.containsKey("launchType")) {
            json.put("launchType", task.request.getString("launchType"));
        }
        if (task.stoppedReason != null) {
            json.put("stoppedReason", task.stoppedReason).put("stopCode", task.stopCode);
        }
        if (withTags) {
            json.put("tags", task.request.getJsonArray("tags", new JsonArray()));
        }
        return json;
    }

    private JsonObject eni(FakeTask task) {
        String last = task.lastStatus(timeline);
        JsonArray details = new JsonArray().add(new JsonObject().put("name", "subnetId").put("value", "subnet-1"));
        boolean attached = !last.equals("PROVISIONING");
        if (attached) {
            details.add(new JsonObject().put("name", "networkInterfaceId").put("value", "eni-0abc"))
                    .add(new JsonObject().put("name", "privateIPv4Address").put("value", taskIp));
        }
        return new JsonObject().put("id", UUID.nameUUIDFromBytes(task.arn.getBytes()).toString())
                .put("type", "ElasticNetworkInterface")
                .put("status", last.equals("STOPPED") ? "DELETED" : attached ? "ATTACHED" : "PRECREATED")
                .put("details", details);
    }

    private JsonArray containers(FakeTask task) {
        JsonArray containers = new JsonArray();
        for (String name : List.of("tool", "s3sync", "metrics")) {
            JsonObject c = new JsonObject().put("containerArn", task.arn.replace(":task/", ":container/") + "/" + name)
                    .put("taskArn", task.arn).put("name", name).put("lastStatus", task.lastStatus(timeline));
            if (task.lastStatus(timeline).equals("STOPPED")) {
                String reason = task.plan.containerReasons().get(name);
                if (reason != null) {
                    c.put("reason", reason);
                }
                Integer exit = task.plan.exitCodes().get(name);
                if (exit != null) {
                    c.put("exitCode", exit);
                }
            }
            containers.add(c);
        }
        return containers;
    }

    private FakeTask find(String id) {
        FakeTask task = tasks.get(id);
        if (task != null) {
            return task;
        }
        return tasks.values().stream().filter(t -> t.arn.endsWith("/" + id)).findFirst().orElse(null);
    }

    private String newArn() {
        return "arn:aws:ecs:" + region + ":" + accountId + ":task/" + cluster + "/"
                + UUID.randomUUID().toString().replace("-", "");
    }

    private static String require(JsonObject body, String key) {
        String value = body.getString(key);
        if (value == null || value.isBlank()) {
            throw new FakeError(Error.invalidParameter(key + " is required"));
        }
        return value;
    }

    private static JsonObject error(String type, String message) {
        return new JsonObject().put("__type", type).put("message", message);
    }

    private static void reply(HttpServerRequest request, int status, JsonObject body) {
        request.response().setStatusCode(status)
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .end(body.encode());
    }

    private static final class FakeError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Error error;

        FakeError(Error error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

    @Override
    public void close() {
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the fake ECS did not stop", e);
        }
    }
}
