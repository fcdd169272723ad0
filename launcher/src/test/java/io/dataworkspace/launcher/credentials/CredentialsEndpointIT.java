package io.dataworkspace.launcher.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataworkspace.launcher.access.GrantedDatasets;
import io.dataworkspace.launcher.testing.aws.FakeSts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The container-credentials endpoint against a real database and a fake STS: token checks, the JSON the SDKs
 * expect, revocation, and a real AWS SDK provider configured only through the two container variables.
 */
class CredentialsEndpointIT {
    private static final String ROLE = "arn:aws:iam::123456789012:role/dataworkspace-tools";
    private static ControlPlaneFixture db;
    private static FakeSts sts;
    private static StsClient stsClient;
    private static Vertx vertx;
    private static HttpServer server;
    private static TaskTokens tokens;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        db = new ControlPlaneFixture();
        sts = new FakeSts();
        stsClient = StsClient.builder().region(Region.EU_WEST_2).endpointOverride(sts.uri())
                .httpClientBuilder(Apache5HttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIALAUNCHER",
                        "launcher-secret"))).build();
        ScopeResolver scopes = new ScopeResolver(db.jdbc, new GrantedDatasets(db.jdbc));
        StsCredentialIssuer issuer = new StsCredentialIssuer(stsClient, ROLE,
                new SessionPolicy("dw-users", "eu-west-2", java.util.Optional.empty()), Duration.ofHours(1));
        tokens = new TaskTokens(db.jdbc);
        CredentialsEndpoint endpoint = new CredentialsEndpoint(tokens,
                new InstanceS3Credentials(issuer, scopes, Duration.ofHours(1), Clock.systemUTC()),
                new SimpleMeterRegistry());
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        endpoint.mount(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
        stsClient.close();
        sts.close();
        db.close();
    }

    private static URI endpointUri() {
        return URI.create("http://127.0.0.1:" + server.actualPort() + CredentialsEndpoint.PATH);
    }

    private static HttpResponse<String> get(String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpointUri()).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeCredentialsScopedToTheUserForTheRightToken() throws Exception {
        String user = db.user();
        long trade = db.dataset("trade-" + user);
        db.prefix(trade, "datasets/trade-" + user + "/");
        db.grant(trade, user);
        long other = db.dataset("other-" + user);
        db.prefix(other, "datasets/other-" + user + "/");
        UUID instance = db.runningInstance(user);
        String token = tokens.issue(instance);

        HttpResponse<String> response = get(token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonObject json = new JsonObject(response.body());
        assertThat(json.fieldNames()).containsExactlyInAnyOrder("AccessKeyId", "SecretAccessKey", "Token",
                "Expiration");
        assertThat(json.getString("AccessKeyId")).startsWith("ASIAFAKE");
        Instant expiration = Instant.parse(json.getString("Expiration"));
        assertThat(expiration).isAfter(Instant.now().plus(Duration.ofMinutes(50)));
        FakeSts.Call call = sts.calls().stream().filter(c -> c.sessionName().contains(user)).findFirst()
                .orElseThrow();
        assertThat(call.roleArn()).isEqualTo(ROLE);
        assertThat(call.sessionName()).isEqualTo("dw-" + user + "-" + instance.toString().substring(0, 8));
        assertThat(call.policy()).contains("dw-users/user/" + user + "/*", "datasets/trade-" + user + "/*")
                .doesNotContain("other-" + user);
        assertThat(call.durationSeconds()).isEqualTo(3600);
    }

    @Test
    void shouldServeTheCachedCredentialsUntilTheyNearExpiry() throws Exception {
        UUID instance = db.runningInstance(db.user());
        String token = tokens.issue(instance);
        int before = sts.calls().size();

        String first = new JsonObject(get(token).body()).getString("AccessKeyId");
        String second = new JsonObject(get(token).body()).getString("AccessKeyId");

        assertThat(second).isEqualTo(first);
        assertThat(sts.calls().size() - before).isEqualTo(1);
    }

    @Test
    void shouldRefuseMissingWrongRevokedAndStoppedTokens() throws Exception {
        UUID instance = db.runningInstance(db.user());
        String token = tokens.issue(instance);
        assertThat(get(token).statusCode()).isEqualTo(200);

        assertThat(get(null).statusCode()).isEqualTo(403);
        assertThat(get("dwt_" + "x".repeat(43)).statusCode()).isEqualTo(403);
        char last = token.charAt(token.length() - 1);
        assertThat(get(token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A')).statusCode())
                .isEqualTo(403);
        assertThat(get("Bearer " + token).statusCode()).isEqualTo(403);

        tokens.revoke(instance);
        HttpResponse<String> revoked = get(token);
        assertThat(revoked.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(revoked.body()).getString("message")).contains("revoked");

        UUID other = db.runningInstance(db.user());
        String otherToken = tokens.issue(other);
        db.setState(other, "STOPPED");
        assertThat(get(otherToken).statusCode()).isEqualTo(403);
    }

    @Test
    void shouldAnswer503WithTheReasonWhenStsRefuses() throws Exception {
        UUID instance = db.runningInstance(db.user());
        String token = tokens.issue(instance);
        sts.fail(FakeSts.Failure.accessDenied(), 1);

        HttpResponse<String> response = get(token);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(response.body()).getString("message")).contains("AccessDenied")
                .doesNotContain("Exception");
    }

    @Test
    void shouldLetARealSdkFetchThemThroughOnlyTheTwoContainerVariables() throws Exception {
        UUID instance = db.runningInstance(db.user());
        String token = tokens.issue(instance);
        JsonObject served = new JsonObject(get(token).body());

        AwsCredentials resolved;
        System.setProperty("aws.containerCredentialsFullUri", endpointUri().toString());
        System.setProperty("aws.containerAuthorizationToken", token);
        try (ContainerCredentialsProvider provider = ContainerCredentialsProvider.builder().build()) {
            resolved = provider.resolveCredentials();
        } finally {
            System.clearProperty("aws.containerCredentialsFullUri");
            System.clearProperty("aws.containerAuthorizationToken");
        }

        assertThat(resolved).isInstanceOf(AwsSessionCredentials.class);
        assertThat(resolved.accessKeyId()).isEqualTo(served.getString("AccessKeyId"));
        assertThat(resolved.secretAccessKey()).isEqualTo(served.getString("SecretAccessKey"));
        assertThat(((AwsSessionCredentials) resolved).sessionToken()).isEqualTo(served.getString("Token"));
        assertThat(resolved.expirationTime()).hasValue(Instant.parse(served.getString("Expiration")));
    }

    @Test
    void shouldMakeARealSdkFailWithARevokedToken() throws Exception {
        UUID instance = db.runningInstance(db.user());
        String token = tokens.issue(instance);
        tokens.revoke(instance);

        System.setProperty("aws.containerCredentialsFullUri", endpointUri().toString());
        System.setProperty("aws.containerAuthorizationToken", token);
        try (ContainerCredentialsProvider provider = ContainerCredentialsProvider.builder().build()) {
            assertThatThrownBy(provider::resolveCredentials).isInstanceOf(SdkClientException.class)
                    .hasMessageContaining("Failed to load credentials");
        } finally {
            System.clearProperty("aws.containerCredentialsFullUri");
            System.clearProperty("aws.containerAuthorizationToken");
        }
    }

    @Test
    void shouldRetryThrottlingAndFailClearlyOnAnOversizedPolicy() {
        String user = db.user();
        for (int i = 0; i < 40; i++) {
            long d = db.dataset("many-" + i + "-" + user);
            db.prefix(d, "datasets/many-" + user + "/department-" + i + "/");
            db.grant(d, user);
        }
        UUID instance = db.runningInstance(user);
        ScopeResolver scopes = new ScopeResolver(db.jdbc, new GrantedDatasets(db.jdbc));
        StsCredentialIssuer issuer = new StsCredentialIssuer(stsClient, ROLE,
                new SessionPolicy("dw-users", "eu-west-2", java.util.Optional.empty()), Duration.ofHours(1));
        int before = sts.calls().size();

        assertThatThrownBy(() -> issuer.issue(scopes.s3Scope(instance).orElseThrow()))
                .isInstanceOf(SessionPolicyTooLargeException.class).hasMessageContaining("40 granted dataset");
        assertThat(sts.calls()).hasSize(before);

        UUID small = db.runningInstance(db.user());
        sts.fail(FakeSts.Failure.throttling(), 1);
        TemporaryAwsCredentials issued = issuer.issue(scopes.s3Scope(small).orElseThrow());
        assertThat(issued.accessKeyId()).startsWith("ASIAFAKE");
        assertThat(sts.calls().size() - before).isEqualTo(2);
    }
}
