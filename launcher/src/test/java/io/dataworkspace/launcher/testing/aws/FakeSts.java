package io.dataworkspace.launcher.testing.aws;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.MultiMap;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local STS that checks the wire format the AWS SDK really sends for {@code AssumeRole} — a form POST with
 * {@code Action=AssumeRole}, {@code Version=2011-06-15}, {@code RoleArn}, {@code RoleSessionName}, {@code Policy},
 * and a SigV4 {@code Authorization} header — and answers like the STS API reference: {@code AssumeRoleResponse}
 * XML, or an {@code ErrorResponse} when told to fail or when the request is malformed.
 */
public final class FakeSts implements AutoCloseable {
    /** What the SDK sent. */
    public record Call(String roleArn, String sessionName, String policy, int durationSeconds, String authorization) {
    }

    /** An error STS would answer with. */
    public record Failure(int status, String type, String code, String message) {
        public static Failure throttling() {
            return new Failure(400, "Sender", "Throttling", "Rate exceeded");
        }

        public static Failure accessDenied() {
            return new Failure(403, "Sender", "AccessDenied", "User is not authorized to perform: sts:AssumeRole");
        }

        public static Failure packedPolicyTooLarge() {
            return new Failure(400, "Sender", "PackedPolicyTooLarge", "Packed policy consumes 112% of allotted space");
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();
    private volatile Failure failNext;
    private volatile int failures;

    public FakeSts() {
        try {
            server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                    .await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("the fake STS cannot listen", e);
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.actualPort());
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The next {@code count} requests get {@code failure}. */
    public void fail(Failure failure, int count) {
        this.failNext = failure;
        this.failures = count;
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            String authorization = request.getHeader("Authorization");
            MultiMap form = parse(body.toString(StandardCharsets.UTF_8));
            if (!"POST".equals(request.method().name())) {
                error(request, new Failure(400, "Sender", "InvalidAction", "expected POST, got " + request.method()));
            } else if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=")
                    || !authorization.contains("/sts/aws4_request") || !authorization.contains("Signature=")) {
                error(request, new Failure(403, "Sender", "MissingAuthenticationToken",
                        "Request is missing a SigV4 Authorization header"));
            } else if (!"AssumeRole".equals(form.get("Action")) || !"2011-06-15".equals(form.get("Version"))) {
                error(request, new Failure(400, "Sender", "InvalidAction",
                        "Could not find operation " + form.get("Action") + " for version " + form.get("Version")));
            } else if (form.get("RoleArn") == null || form.get("RoleSessionName") == null
                    || form.get("Policy") == null) {
                error(request, new Failure(400, "Sender", "ValidationError",
                        "RoleArn, RoleSessionName and Policy are required here"));
            } else if (form.get("Policy").length() > 2048) {
                error(request, new Failure(400, "Sender", "ValidationError",
                        "1 validation error detected: Value at 'policy' failed to satisfy constraint: "
                                + "Member must have length less than or equal to 2048"));
            } else {
                int duration = form.get("DurationSeconds") == null ? 3600
                        : Integer.parseInt(form.get("DurationSeconds"));
                calls.add(new Call(form.get("RoleArn"), form.get("RoleSessionName"), form.get("Policy"), duration,
                        authorization));
                Failure failure = failNext;
                if (failure != null && failures > 0) {
                    failures--;
                    error(request, failure);
                } else {
                    success(request, form.get("RoleArn"), form.get("RoleSessionName"), duration);
                }
            }
        });
    }

    private void success(HttpServerRequest request, String roleArn, String sessionName, int durationSeconds) {
        int n = issued.incrementAndGet();
        String expiration = DateTimeFormatter.ISO_INSTANT.format(
                Instant.now().plus(Duration.ofSeconds(durationSeconds)).truncatedTo(ChronoUnit.SECONDS));
        String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        String account = roleArn.split(":")[4];
        String xml = """
                <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <AssumeRoleResult>
                    <AssumedRoleUser>
                      <Arn>arn:aws:sts::%s:assumed-role/%s/%s</Arn>
                      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:%s</AssumedRoleId>
                    </AssumedRoleUser>
                    <Credentials>
                      <SessionToken>FwoGZXIvYXdzEFAKE%dSESSIONTOKEN</SessionToken>
                      <SecretAccessKey>fakeSecret%d/K7MDENG/bPxRfiCYEXAMPLEKEY</SecretAccessKey>
                      <Expiration>%s</Expiration>
                      <AccessKeyId>ASIAFAKE%012d</AccessKeyId>
                    </Credentials>
                    <PackedPolicySize>6</PackedPolicySize>
                  </AssumeRoleResult>
                  <ResponseMetadata>
                    <RequestId>%s</RequestId>
                  </ResponseMetadata>
                </AssumeRoleResponse>
                """.formatted(account, roleName, sessionName, sessionName, n, n, expiration, n, UUID.randomUUID());
        request.response().putHeader("Content-Type", "text/xml").putHeader("x-amzn-RequestId",
                UUID.randomUUID().toString()).end(xml);
    }

    private static void error(HttpServerRequest request, Failure failure) {
        String xml = """
                <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <Error>
                    <Type>%s</Type>
                    <Code>%s</Code>
                    <Message>%s</Message>
                  </Error>
                  <RequestId>%s</RequestId>
                </ErrorResponse>
                """.formatted(failure.type(), failure.code(), failure.message(), UUID.randomUUID());
        request.response().setStatusCode(failure.status()).putHeader("Content-Type", "text/xml").end(xml);
    }

    private static MultiMap parse(String body) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.add(key, value);
        }
        return form;
    }

    @Override
    public void close() {
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the fake STS did not close", e);
        }
    }
}
