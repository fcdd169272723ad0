package io.dataworkspace.s3sync.remote;

import io.dataworkspace.s3sync.config.SyncConfig;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** Builds the S3 client: Apache 5 HTTP client, the default credentials chain, few SDK retries (we retry ourselves). */
public final class S3Clients {
    private S3Clients() {
    }

    /**
     * @param config      sidecar configuration
     * @param credentials credentials provider (the default chain in production)
     * @return a client
     */
    public static S3Client create(SyncConfig config, AwsCredentialsProvider credentials) {
        var b = S3Client.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(config.pathStyle())
                // one signature over the whole (re-readable) body instead of a signed aws-chunked stream:
                // far less CPU on both ends; the CRC32C checksum header is still sent and verified
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .httpClientBuilder(Apache5HttpClient.builder()
                        .expectContinueEnabled(false)
                        // small-file transfers + large-file transfers + their parts + listing and spare
                        .maxConnections(config.smallFileConcurrency() + config.concurrency() * 2 + 8)
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .apiCallAttemptTimeout(Duration.ofMinutes(10))
                        .build());
        config.endpoint().ifPresent(b::endpointOverride);
        return b.build();
    }

    /** @return the standard AWS chain: environment, profile, web identity, container (ECS) and instance credentials */
    public static AwsCredentialsProvider defaultCredentials() {
        return DefaultCredentialsProvider.builder().build();
    }
}
