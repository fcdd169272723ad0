package io.dataworkspace.metrics.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataworkspace.metrics.FakeMetadataEndpoint;
import io.dataworkspace.metrics.MetricsSidecar;
import io.dataworkspace.metrics.config.CredentialsRelayConfig;
import io.dataworkspace.metrics.config.MetricsConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The metrics sidecar with its credentials relay on, between a real AWS SDK v2 {@link ContainerCredentialsProvider}
 * and a fake launcher.
 */
class CredentialsRelayIT {

    private static final String TOKEN = "dwt_relaytest_0123456789abcdefghijklmnopqrstuvwxyzABCDEF";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private FakeMetadataEndpoint metadata;
    private FakeLauncher launcher;
    private MetricsSidecar sidecar;

    @BeforeEach
    void start() throws IOException {
        metadata = new FakeMetadataEndpoint();
        launcher = new FakeLauncher(TOKEN);
    }

    @AfterEach
    void stop() {
        if (sidecar != null) {
            sidecar.close();
        }
        launcher.close();
        metadata.close();
    }

    private void startSidecar(URI upstream, Map<String, String> extra) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put(MetricsConfig.METADATA_URI, metadata.baseUri().toString());
        env.put(MetricsConfig.LISTEN_HOST, "127.0.0.1");
        env.put(MetricsConfig.PORT, "0");
        env.put(CredentialsRelayConfig.UPSTREAM, upstream.toString());
        env.put(CredentialsRelayConfig.PORT, "0");
        env.putAll(extra);
        sidecar = MetricsSidecar.start(MetricsConfig.fromEnvironment(env));
    }

    private String relayUrl(String path) {
        return "http://127.0.0.1:" + sidecar.relayPort().orElseThrow() + path;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(relayUrl(path)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    /** What the SDK does in a tool: both variables set, credentials resolved through the loopback URL. */
    private AwsCredentials resolveWithTheSdk(String token) {
        System.setProperty("aws.containerCredentialsFullUri", relayUrl(CredentialsRelay.PATH));
        System.setProperty("aws.containerAuthorizationToken", token);
        try (ContainerCredentialsProvider provider = ContainerCredentialsProvider.builder().build()) {
            return provider.resolveCredentials();
        } finally {
            System.clearProperty("aws.containerCredentialsFullUri");
            System.clearProperty("aws.containerAuthorizationToken");
        }
    }

    @Test
    void shouldServeTheLaunchersCredentialsToTheAwsSdkOverLoopback() throws Exception {
        startSidecar(launcher.baseUri(), Map.of());

        AwsCredentials credentials = resolveWithTheSdk(TOKEN);

        assertThat(credentials).isInstanceOf(AwsSessionCredentials.class);
        assertThat(credentials.accessKeyId()).isEqualTo(FakeLauncher.ACCESS_KEY_ID);
        assertThat(credentials.secretAccessKey()).isEqualTo(FakeLauncher.SECRET_ACCESS_KEY);
        assertThat(((AwsSessionCredentials) credentials).sessionToken()).isEqualTo(FakeLauncher.SESSION_TOKEN);
        assertThat(launcher.seen()).hasSize(1);
        FakeLauncher.Seen seen = launcher.seen().get(0);
        assertThat(seen.method()).isEqualTo("GET");
        assertThat(seen.path()).isEqualTo("/task-credentials/aws");
        assertThat(seen.headers().get("Authorization")).containsExactly(TOKEN);
    }

    @Test
    void shouldRelayTheLaunchersStatusBodyAndContentType() throws Exception {
        startSidecar(launcher.baseUri(), Map.of());

        HttpResponse<String> ok = get(CredentialsRelay.PATH, TOKEN);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(ok.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(mapper.readTree(ok.body()).path("AccessKeyId").asText()).isEqualTo(FakeLauncher.ACCESS_KEY_ID);

        HttpResponse<String> refused = get(CredentialsRelay.PATH, "dwt_not_the_token");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("unknown, revoked or expired task token");
        assertThatThrownBy(() -> resolveWithTheSdk("dwt_not_the_token")).isInstanceOf(SdkClientException.class);
    }

    @Test
    void shouldForwardOnlyTheAuthorizationHeader() throws Exception {
        startSidecar(launcher.baseUri(), Map.of());

        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(relayUrl(CredentialsRelay.PATH)))
                .header("Authorization", TOKEN)
                .header("Cookie", "session=from-the-tool")
                .header("X-Forwarded-For", "10.0.0.1")
                .header("X-Tool-Secret", "do-not-forward"));

        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, ?> headers = launcher.seen().get(0).headers();
        assertThat(headers.keySet()).map(String::toLowerCase)
                .doesNotContain("cookie", "x-forwarded-for", "x-tool-secret")
                .contains("authorization");
    }

    @Test
    void shouldRefuseWithoutAuthorizationOtherPathsAndMethodsWithoutAskingTheLauncher() throws Exception {
        startSidecar(launcher.baseUri(), Map.of());

        HttpResponse<String> noToken = get(CredentialsRelay.PATH, null);
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(mapper.readTree(noToken.body()).path("error").asText()).startsWith("no Authorization header");

        HttpResponse<String> otherPath = get("/task-credentials/aws/../../api/v1/users", TOKEN);
        assertThat(otherPath.statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/users", TOKEN).statusCode()).isEqualTo(404);
        assertThat(get("/", TOKEN).statusCode()).isEqualTo(404);

        HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(relayUrl(CredentialsRelay.PATH)))
                .header("Authorization", TOKEN).POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");

        assertThat(launcher.seen()).isEmpty();
    }

    @Test
    void shouldAnswer502PromptlyWhenTheLauncherIsDown() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        startSidecar(URI.create("http://127.0.0.1:" + closedPort), Map.of());

        long start = System.nanoTime();
        HttpResponse<String> r = get(CredentialsRelay.PATH, TOKEN);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = mapper.readTree(r.body());
        assertThat(body.path("error").asText())
                .startsWith("the launcher's credentials endpoint is unreachable: GET http://127.0.0.1:" + closedPort
                        + "/task-credentials/aws: connection refused")
                .doesNotContain(TOKEN);
        assertThat(took).isLessThan(Duration.ofSeconds(2));
        assertThatThrownBy(() -> resolveWithTheSdk(TOKEN)).isInstanceOf(SdkClientException.class);
    }

    @Test
    void shouldAnswer504WhenTheLauncherIsTooSlow() throws Exception {
        launcher.mode(FakeLauncher.Mode.HANG);
        startSidecar(launcher.baseUri(), Map.of(CredentialsRelayConfig.READ_TIMEOUT, "300ms"));

        long start = System.nanoTime();
        HttpResponse<String> r = get(CredentialsRelay.PATH, TOKEN);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(mapper.readTree(r.body()).path("error").asText())
                .contains("too slow").contains("gave no answer within 300 ms");
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void shouldRefuseAnOversizedAnswer() throws Exception {
        launcher.mode(FakeLauncher.Mode.HUGE);
        startSidecar(launcher.baseUri(), Map.of());

        HttpResponse<String> r = get(CredentialsRelay.PATH, TOKEN);

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("body over 65536 bytes");
    }

    @Test
    void shouldCountRequestsByOutcomeInTheSidecarsMetrics() throws Exception {
        startSidecar(launcher.baseUri(), Map.of());
        get(CredentialsRelay.PATH, TOKEN);
        get(CredentialsRelay.PATH, "dwt_wrong");
        get(CredentialsRelay.PATH, null);
        get("/elsewhere", TOKEN);

        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + sidecar.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(metrics.body())
                .contains("dataworkspace_metrics_sidecar_credentials_requests_total{outcome=\"served\"} 1")
                .contains("dataworkspace_metrics_sidecar_credentials_requests_total{outcome=\"upstream_error\"} 1")
                .contains("dataworkspace_metrics_sidecar_credentials_requests_total{outcome=\"unauthenticated\"} 1")
                .contains("dataworkspace_metrics_sidecar_credentials_requests_total{outcome=\"rejected\"} 1")
                .contains("dataworkspace_metrics_sidecar_credentials_requests_total{outcome=\"timeout\"} 0");
    }

    @Test
    void shouldListenOnLoopbackOnly() throws Exception {
        startSidecar(launcher.baseUri(), Map.of());
        int port = sidecar.relayPort().orElseThrow();
        java.util.List<java.net.InetAddress> others = java.util.Collections.list(
                        java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(n -> java.util.Collections.list(n.getInetAddresses()).stream())
                .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress())
                .toList();
        for (java.net.InetAddress address : others) {
            try (java.net.Socket socket = new java.net.Socket()) {
                assertThatThrownBy(() -> socket.connect(new java.net.InetSocketAddress(address, port), 2000))
                        .as("the relay must not accept connections on " + address)
                        .isInstanceOf(java.net.ConnectException.class);
            }
        }
        assertThat(get(CredentialsRelay.PATH, TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldNotListenWhenOff() throws Exception {

        Map<String, String> env = new HashMap<>();
        env.put(MetricsConfig.METADATA_URI, metadata.baseUri().toString());
        env.put(MetricsConfig.LISTEN_HOST, "127.0.0.1");
        env.put(MetricsConfig.PORT, "0");
        sidecar = MetricsSidecar.start(MetricsConfig.fromEnvironment(env));
        assertThat(sidecar.relayPort()).isEmpty();
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + sidecar.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).doesNotContain("credentials_requests_total");
    }
}
