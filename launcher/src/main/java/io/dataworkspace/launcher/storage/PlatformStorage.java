package io.dataworkspace.launcher.storage;

import io.dataworkspace.launcher.credentials.TemporaryAwsCredentials;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The platform's own access to the users' bucket (not a tool's): an {@link S3Client} and an {@link S3Presigner}
 * pointed at AWS (the launcher's own credentials, from the default provider chain) or at the embedded store (its
 * platform key). A file browser uses it for listings and presigned URLs.
 */
public final class PlatformStorage implements AutoCloseable {
    private final S3Client client;
    private final S3Presigner presigner;
    private final String bucket;

    private PlatformStorage(S3Client client, S3Presigner presigner, String bucket) {
        this.client = client;
        this.presigner = presigner;
        this.bucket = bucket;
    }

    /** Against AWS S3 (or an S3-compatible endpoint), with the default credentials provider chain. */
    public static PlatformStorage aws(String bucket, String region, Optional<URI> endpoint) {
        return build(bucket, region, endpoint, DefaultCredentialsProvider.builder().build(), false);
    }

    /** Against the embedded store, with its platform key. */
    public static PlatformStorage embedded(EmbeddedS3Store store, String region) {
        TemporaryAwsCredentials key = store.platformCredentials();
        return build(store.bucket(), region, Optional.of(store.uri()), StaticCredentialsProvider.create(
                AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())), true);
    }

    private static PlatformStorage build(String bucket, String region, Optional<URI> endpoint,
            AwsCredentialsProvider credentials, boolean pathStyle) {
        Region r = Region.of(region);
        var clientBuilder = S3Client.builder().region(r).credentialsProvider(credentials)
                .httpClientBuilder(Apache5HttpClient.builder()).forcePathStyle(pathStyle);
        var presignerBuilder = S3Presigner.builder().region(r).credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
        endpoint.ifPresent(uri -> {
            clientBuilder.endpointOverride(uri);
            presignerBuilder.endpointOverride(uri);
        });
        return new PlatformStorage(clientBuilder.build(), presignerBuilder.build(), bucket);
    }

    public S3Client client() {
        return client;
    }

    public S3Presigner presigner() {
        return presigner;
    }

    public String bucket() {
        return bucket;
    }

    /**
     * The origin ({@code scheme://host[:port]}) browsers reach presigned URLs at, e.g.
     * {@code https://bucket.s3.eu-west-2.amazonaws.com} or {@code http://127.0.0.1:41234}: what a page that uses
     * them must allow in its CSP {@code connect-src}. Computed by presigning (locally, no request) one URL with
     * throw-away credentials, so it never waits for or fails on the real ones.
     */
    public String browserOrigin() {
        AwsCredentialsProvider none = StaticCredentialsProvider.create(AwsBasicCredentials.create("origin", "origin"));
        URL url = presigner.presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(1))
                .getObjectRequest(g -> g.bucket(bucket).key("origin")
                        .overrideConfiguration(o -> o.credentialsProvider(none)))).url();
        return url.getProtocol() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
    }

    @Override
    public void close() {
        presigner.close();
        client.close();
    }
}
