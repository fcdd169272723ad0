package io.dataworkspace.launcher.credentials;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /task-credentials/aws}: the container-credentials protocol every AWS SDK speaks. A task presents its
 * instance's token as {@code Authorization: <token>} (the SDKs send {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}
 * verbatim) and gets {@code {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"}}. Wrong, revoked or stopped
 * instances' tokens get 403. Mounted outside {@code /api/v1}, which needs the API's own bearer token or a session.
 */
public final class CredentialsEndpoint {
    /** The path tasks are given in {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}. */
    public static final String PATH = "/task-credentials/aws";
    private static final Logger log = LoggerFactory.getLogger(CredentialsEndpoint.class);

    private final TaskTokens tokens;
    private final InstanceS3Credentials credentials;
    private final Counter served;
    private final Counter refused;
    private final Counter failed;

    public CredentialsEndpoint(TaskTokens tokens, InstanceS3Credentials credentials, MeterRegistry registry) {
        this.tokens = tokens;
        this.credentials = credentials;
        this.served = counter(registry, "served");
        this.refused = counter(registry, "refused");
        this.failed = counter(registry, "failed");
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("dataworkspace_launcher_task_credentials_requests")
                .description("Container-credentials requests by outcome")
                .tag("outcome", outcome).register(registry);
    }

    /** Adds the endpoint to a router. */
    public void mount(Router router) {
        router.get(PATH).blockingHandler(this::handle, false);
    }

    private void handle(RoutingContext ctx) {
        ctx.response().putHeader("Cache-Control", "no-store");
        Optional<UUID> instance = tokens.verify(ctx.request().getHeader("Authorization"));
        if (instance.isEmpty()) {
            refused.increment();
            respond(ctx, 403, "the authorization token is missing, wrong or revoked");
            return;
        }
        Optional<TemporaryAwsCredentials> current;
        try {
            current = credentials.current(instance.get());
        } catch (CredentialsException e) {
            failed.increment();
            log.warn("credentials for instance {} could not be issued: {}", instance.get(), e.getMessage());
            respond(ctx, 503, e.getMessage());
            return;
        } catch (RuntimeException e) {
            failed.increment();
            log.warn("credentials for instance {} could not be issued: {}", instance.get(), e.toString());
            respond(ctx, 503, "credentials are unavailable right now; the SDK will retry");
            return;
        }
        if (current.isEmpty()) {
            refused.increment();
            respond(ctx, 403, "the authorization token is missing, wrong or revoked");
            return;
        }
        TemporaryAwsCredentials c = current.get();
        served.increment();
        ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                .put("AccessKeyId", c.accessKeyId())
                .put("SecretAccessKey", c.secretAccessKey())
                .put("Token", c.sessionToken())
                .put("Expiration", DateTimeFormatter.ISO_INSTANT.format(c.expiration().truncatedTo(ChronoUnit.SECONDS)))
                .encode());
    }

    private static void respond(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("status", status).put("message", message).encode());
    }
}
