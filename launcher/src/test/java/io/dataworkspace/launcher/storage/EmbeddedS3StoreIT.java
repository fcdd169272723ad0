package io.dataworkspace.launcher.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataworkspace.launcher.credentials.S3Scope;
import io.dataworkspace.launcher.credentials.TemporaryAwsCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The embedded store with real S3 clients: per-instance keys see exactly what an STS session policy allows. */
class EmbeddedS3StoreIT {
    @TempDir
    static Path dataDir;
    private static final Map<UUID, S3Scope> live = new ConcurrentHashMap<>();
    private static EmbeddedS3Store store;
    private static PlatformStorage platform;

    @BeforeAll
    static void start() {
        store = EmbeddedS3Store.start(dataDir, "127.0.0.1", 0, "dataworkspace",
                id -> Optional.ofNullable(live.get(id)), Duration.ofHours(1), Clock.systemUTC());
        platform = PlatformStorage.embedded(store, "eu-west-2");
        platform.client().putObject(b -> b.bucket("dataworkspace").key("datasets/trade/exports.csv"),
                RequestBody.fromString("year,value\n2025,1\n"));
        platform.client().putObject(b -> b.bucket("dataworkspace").key("user/other1/secret.txt"),
                RequestBody.fromString("not yours"));
    }

    @AfterAll
    static void stop() {
        platform.close();
        store.close();
    }

    private static S3Client client(TemporaryAwsCredentials key) {
        return S3Client.builder().endpointOverride(store.uri()).region(Region.EU_WEST_2).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        key.accessKeyId(), key.secretAccessKey(), key.sessionToken()))).build();
    }

    private static S3Scope liveInstance(String user, List<String> prefixes) {
        S3Scope scope = new S3Scope(user, UUID.randomUUID(), prefixes);
        live.put(scope.instanceId(), scope);
        return scope;
    }

    private static int status(Runnable call) {
        try {
            call.run();
            return 200;
        } catch (S3Exception e) {
            return e.statusCode();
        }
    }

    @Test
    void shouldLetAnInstanceWriteItsHomeAndReadItsGrantedDatasets() {
        S3Scope scope = liveInstance("owner1", List.of("datasets/trade/"));
        try (S3Client s3 = client(store.issue(scope))) {
            s3.putObject(b -> b.bucket("dataworkspace").key("user/owner1/notes/x.txt"), RequestBody.fromString("x"));

            assertThat(s3.getObjectAsBytes(b -> b.bucket("dataworkspace").key("user/owner1/notes/x.txt"))
                    .asUtf8String()).isEqualTo("x");
            assertThat(s3.getObjectAsBytes(b -> b.bucket("dataworkspace").key("datasets/trade/exports.csv"))
                    .asUtf8String()).startsWith("year,value");
            assertThat(s3.listObjectsV2(b -> b.bucket("dataworkspace").prefix("user/owner1/")).contents())
                    .extracting(S3Object::key).containsExactly("user/owner1/notes/x.txt");
            assertThat(s3.listObjectsV2(b -> b.bucket("dataworkspace").prefix("datasets/trade/")).contents())
                    .extracting(S3Object::key).containsExactly("datasets/trade/exports.csv");
            s3.deleteObject(b -> b.bucket("dataworkspace").key("user/owner1/notes/x.txt"));
            assertThat(platform.client().listObjectsV2(b -> b.bucket("dataworkspace").prefix("user/owner1/"))
                    .contents()).isEmpty();
        }
    }

    @Test
    void shouldDenyOtherUsersPrefixesWritesToDatasetsAndBucketWideCalls() {
        S3Scope scope = liveInstance("owner2", List.of("datasets/trade/"));
        try (S3Client s3 = client(store.issue(scope))) {
            S3Exception denied = (S3Exception) org.assertj.core.api.Assertions.catchThrowable(() ->
                    s3.getObject(b -> b.bucket("dataworkspace").key("user/other1/secret.txt")));
            assertThat(denied.statusCode()).isEqualTo(403);
            assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");

            assertThat(status(() -> s3.putObject(b -> b.bucket("dataworkspace").key("datasets/trade/evil.csv"),
                    RequestBody.fromString("overwrite")))).isEqualTo(403);
            assertThat(status(() -> s3.deleteObject(b -> b.bucket("dataworkspace")
                    .key("datasets/trade/exports.csv")))).isEqualTo(403);
            assertThat(status(() -> s3.putObject(b -> b.bucket("dataworkspace").key("user/other1/planted.txt"),
                    RequestBody.fromString("x")))).isEqualTo(403);
            assertThat(status(() -> s3.listObjectsV2(b -> b.bucket("dataworkspace").prefix("user/other1/"))))
                    .isEqualTo(403);
            assertThat(status(() -> s3.listObjectsV2(b -> b.bucket("dataworkspace")))).isEqualTo(403);
            assertThat(status(() -> s3.getObject(b -> b.bucket("dataworkspace").key("datasets/health/x.csv"))))
                    .isEqualTo(403);
            assertThat(status(() -> s3.copyObject(b -> b.sourceBucket("dataworkspace")
                    .sourceKey("user/other1/secret.txt").destinationBucket("dataworkspace")
                    .destinationKey("user/owner2/stolen.txt")))).isEqualTo(403);
            assertThat(status(s3::listBuckets)).isEqualTo(403);
            assertThat(status(() -> s3.createBucket(b -> b.bucket("another")))).isEqualTo(403);
        }
        assertThat(platform.client().getObjectAsBytes(b -> b.bucket("dataworkspace")
                .key("datasets/trade/exports.csv")).asUtf8String()).startsWith("year,value");
    }

    @Test
    void shouldRefuseKeysOfInstancesThatAreNoLongerLiveOrExpired() {
        S3Scope scope = liveInstance("owner3", List.of());
        TemporaryAwsCredentials key = store.issue(scope);
        live.remove(scope.instanceId());
        try (S3Client s3 = client(key)) {
            assertThat(status(() -> s3.putObject(b -> b.bucket("dataworkspace").key("user/owner3/x"),
                    RequestBody.fromString("x")))).isEqualTo(403);
        }

        S3Scope other = liveInstance("owner4", List.of());
        EmbeddedS3Store pastClock = EmbeddedS3Store.start(dataDir, "127.0.0.1", 0, "dataworkspace",
                id -> Optional.ofNullable(live.get(id)), Duration.ofMinutes(1),
                Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC));
        TemporaryAwsCredentials expired;
        try {
            expired = pastClock.issue(other);
        } finally {
            pastClock.close();
        }
        try (S3Client s3 = client(expired)) {
            assertThat(status(() -> s3.putObject(b -> b.bucket("dataworkspace").key("user/owner4/x"),
                    RequestBody.fromString("x")))).isEqualTo(403);
        }
        TemporaryAwsCredentials forged = new TemporaryAwsCredentials(
                expired.accessKeyId().replaceAll("T\\d+$", "T" + Instant.now().plusSeconds(3600).getEpochSecond()),
                expired.secretAccessKey(), "embedded", Instant.now().plusSeconds(3600));
        try (S3Client s3 = client(forged)) {
            assertThat(status(() -> s3.putObject(b -> b.bucket("dataworkspace").key("user/owner4/x"),
                    RequestBody.fromString("x")))).isEqualTo(403);
        }
    }

    @Test
    void shouldPresignUrlsForThePlatform() throws Exception {
        URI url = platform.presigner().presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                .getObjectRequest(g -> g.bucket("dataworkspace").key("datasets/trade/exports.csv"))).url().toURI();

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("year,value");
    }

    @Test
    void shouldKeepIssuedKeysValidAcrossARestart() {
        S3Scope scope = liveInstance("owner5", List.of());
        TemporaryAwsCredentials key = store.issue(scope);
        EmbeddedS3Store restarted = EmbeddedS3Store.start(dataDir, "127.0.0.1", 0, "dataworkspace",
                id -> Optional.ofNullable(live.get(id)), Duration.ofHours(1), Clock.systemUTC());
        try (S3Client s3 = S3Client.builder().endpointOverride(restarted.uri()).region(Region.EU_WEST_2)
                .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials
                        .create(key.accessKeyId(), key.secretAccessKey(), key.sessionToken()))).build()) {
            s3.putObject(b -> b.bucket("dataworkspace").key("user/owner5/kept.txt"), RequestBody.fromString("k"));
            assertThat(status(() -> s3.headObject(b -> b.bucket("dataworkspace").key("user/owner5/kept.txt"))))
                    .isEqualTo(200);
        } finally {
            restarted.close();
        }
        assertThatThrownBy(() -> new S3Scope("Bad-User", UUID.randomUUID(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
