package io.dataworkspace.s3sync.testing;

import io.dataworkspace.s3sync.config.SyncConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** A real S3-compatible server (S3Proxy, filesystem store) on a free loopback port, with fault injection. */
public final class S3Fixture implements AutoCloseable {
    /** Access key accepted by the server. */
    public static final String ACCESS_KEY = "test-access";
    /** Secret key accepted by the server. */
    public static final String SECRET_KEY = "test-secret";
    /** Bucket created at start. */
    public static final String BUCKET = "home";

    private final S3Proxy proxy;
    private final FaultyBlobStore store;
    private final URI uri;
    private final S3Client client;

    /**
     * @param storeDir folder for the blobs
     * @throws Exception when the server does not start
     */
    public S3Fixture(Path storeDir) throws Exception {
        Files.createDirectories(storeDir);
        store = new FaultyBlobStore(new FilesystemNio2BlobStore(storeDir.toString()));
        proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true).build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        uri = URI.create("http://127.0.0.1:" + proxy.getPort());
        client = S3Client.builder().endpointOverride(uri).region(Region.EU_WEST_2).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
        client.createBucket(b -> b.bucket(BUCKET));
    }

    /** @return the server's endpoint */
    public URI uri() {
        return uri;
    }

    /** @return a plain client for the test's own remote operations */
    public S3Client client() {
        return client;
    }

    /** @return the fault switch */
    public FaultyBlobStore faults() {
        return store;
    }

    /**
     * @param localDir folder to sync
     * @param prefix   key prefix
     * @param extra    more variables (override defaults)
     * @return the environment for the sidecar
     */
    public Map<String, String> env(Path localDir, String prefix, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("S3SYNC_LOCAL_DIR", localDir.toString());
        env.put("S3SYNC_BUCKET", BUCKET);
        env.put("S3SYNC_PREFIX", prefix);
        env.put("S3SYNC_ENDPOINT", uri.toString());
        env.put("S3SYNC_POLL_INTERVAL", "300ms");
        env.put("S3SYNC_FULL_SCAN_INTERVAL", "1h");
        env.put("S3SYNC_STABLE_WINDOW", "100ms");
        env.put("S3SYNC_RETRY_BASE", "100ms");
        env.put("S3SYNC_RETRY_MAX", "500ms");
        env.put("S3SYNC_HTTP_PORT", "0");
        env.put("S3SYNC_HTTP_HOST", "127.0.0.1");
        env.put("S3SYNC_CONCURRENCY", "4");
        env.putAll(extra);
        return env;
    }

    /**
     * @param localDir folder to sync
     * @param prefix   key prefix
     * @param extra    more variables
     * @return the configuration
     */
    public SyncConfig config(Path localDir, String prefix, Map<String, String> extra) {
        return SyncConfig.fromEnv(env(localDir, prefix, extra));
    }

    /**
     * @param key  object key
     * @param text content
     */
    public void put(String key, String text) {
        client.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(text, StandardCharsets.UTF_8));
    }

    /**
     * @param key object key
     * @return its content, or null when absent
     */
    public String get(String key) {
        try {
            return client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String();
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    /** @param key object key to delete */
    public void delete(String key) {
        client.deleteObject(b -> b.bucket(BUCKET).key(key));
    }

    /**
     * @param prefix key prefix
     * @return key (without prefix) to ETag of every object
     */
    public Map<String, String> list(String prefix) {
        Map<String, String> out = new TreeMap<>();
        for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents()) {
            out.put(o.key().substring(prefix.length()), o.eTag());
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        client.close();
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
