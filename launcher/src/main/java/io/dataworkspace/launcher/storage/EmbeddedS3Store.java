package io.dataworkspace.launcher.storage;

import io.dataworkspace.launcher.credentials.CredentialsException;
import io.dataworkspace.launcher.credentials.S3CredentialIssuer;
import io.dataworkspace.launcher.credentials.S3Scope;
import io.dataworkspace.launcher.credentials.SessionPolicy;
import io.dataworkspace.launcher.credentials.TemporaryAwsCredentials;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.gaul.s3proxy.AccessGrant;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development stand-in for S3: S3Proxy in-process over a folder, with one bucket. It enforces the same limits
 * as production: each instance's key sees a {@link ScopedBlobStore} (its home read-write, granted dataset prefixes
 * read-only), looked up from the instance's current scope (cached for {@value #SCOPE_CACHE_SECONDS} s), and keys of
 * instances that are no longer live or whose expiry has passed are refused. The platform's own key sees everything.
 */
public final class EmbeddedS3Store implements S3CredentialIssuer, AutoCloseable {
    static final long SCOPE_CACHE_SECONDS = 5;
    /**
     * Pages that may call the store from a browser (the file browser's presigned PUTs and GETs): loopback origins
     * only, since the store itself is only reachable on this machine ({@link #uri()} is a loopback address).
     */
    static final String CORS_ORIGINS = "https?://(localhost|127\\.0\\.0\\.1|\\[::1\\]"
            + "|[a-z0-9-]+(\\.[a-z0-9-]+)*\\.localhost)(:[0-9]{1,5})?";
    private static final int MAX_CACHED_SCOPES = 10_000;
    private static final Logger log = LoggerFactory.getLogger(EmbeddedS3Store.class);

    private final S3Proxy proxy;
    private final String host;
    private final String bucket;
    private final EmbeddedKeys keys;
    private final BlobStore store;
    private final Function<UUID, Optional<S3Scope>> scopes;
    private final Duration keyLifetime;
    private final Clock clock;
    private final Map<UUID, CachedScope> cache = new ConcurrentHashMap<>();
    private final SessionPolicy policyLimit;

    private record CachedScope(Optional<S3Scope> scope, long fetchedAtNanos) {
    }

    private EmbeddedS3Store(S3Proxy proxy, String host, String bucket, EmbeddedKeys keys, BlobStore store,
            Function<UUID, Optional<S3Scope>> scopes, Duration keyLifetime, Clock clock) {
        this.proxy = proxy;
        this.host = "0.0.0.0".equals(host) ? "127.0.0.1" : host;
        this.bucket = bucket;
        this.keys = keys;
        this.store = store;
        this.scopes = scopes;
        this.keyLifetime = keyLifetime;
        this.clock = clock;
        this.policyLimit = new SessionPolicy(bucket, "us-east-1", Optional.empty());
    }

    /**
     * Starts the store with blobs under {@code dataDir/s3} and its key in {@code dataDir/s3-key}, creating the
     * bucket if needed.
     *
     * @param scopes      the current scope of a live instance (empty when it is not live)
     * @param keyLifetime how long an instance key is valid; tools refresh it through the credentials endpoint
     */
    public static EmbeddedS3Store start(Path dataDir, String host, int port, String bucket,
            Function<UUID, Optional<S3Scope>> scopes, Duration keyLifetime, Clock clock) {
        Path blobs = dataDir.resolve("s3");
        try {
            Files.createDirectories(blobs);
        } catch (IOException e) {
            throw new CredentialsException("cannot create the embedded S3 store's folder " + blobs + ": "
                    + e.getMessage(), e);
        }
        EmbeddedKeys keys = EmbeddedKeys.loadOrCreate(dataDir.resolve("s3-key"));
        BlobStore store = new FilesystemNio2BlobStore(blobs.toString());
        if (!store.containerExists(bucket)) {
            store.createContainer(bucket);
        }
        TemporaryAwsCredentials platform = keys.platformKey();
        S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://" + host + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, platform.accessKeyId(),
                        platform.secretAccessKey())
                .ignoreUnknownHeaders(true).corsRules(cors()).build();
        EmbeddedS3Store embedded = new EmbeddedS3Store(proxy, host, bucket, keys, store, scopes, keyLifetime, clock);
        proxy.setBlobStoreLocator(embedded::locate);
        try {
            proxy.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline || "FAILED".equals(proxy.getState())) {
                    throw new CredentialsException("the embedded S3 store did not start on " + host + ":" + port);
                }
                Thread.onSpinWait();
            }
        } catch (CredentialsException e) {
            throw e;
        } catch (Exception e) {
            throw new CredentialsException("the embedded S3 store cannot listen on " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
        log.info("embedded S3 store on {} with bucket {} in {}", embedded.uri(), bucket, blobs);
        return embedded;
    }

    /**
     * CORS for the file browser: presigned GET, HEAD and PUT from loopback pages, any request header (browsers add
     * Content-Type), and the ETag readable by the page, which needs it to complete a multipart upload. No
     * credentials: a presigned URL carries its own authority.
     */
    static CrossOriginResourceSharing cors() {
        return new CrossOriginResourceSharing(List.of(CORS_ORIGINS), List.of("GET", "HEAD", "PUT"), List.of("*"),
                List.of("ETag"), "false");
    }

    private AccessGrant locate(String identity, String container, String blob) {
        if (EmbeddedKeys.PLATFORM_KEY.equals(identity)) {
            return new AccessGrant(keys.secret(identity), store);
        }
        Optional<EmbeddedKeys.InstanceKey> key = EmbeddedKeys.parse(identity);
        if (key.isEmpty() || !key.get().expiration().isAfter(clock.instant())) {
            return null;
        }
        Optional<S3Scope> scope = scope(key.get().instanceId());
        if (scope.isEmpty()) {
            return null;
        }
        return new AccessGrant(keys.secret(identity), new ScopedBlobStore(store, bucket, scope.get()));
    }

    private Optional<S3Scope> scope(UUID instanceId) {
        long now = System.nanoTime();
        CachedScope cached = cache.get(instanceId);
        if (cached != null && now - cached.fetchedAtNanos() < Duration.ofSeconds(SCOPE_CACHE_SECONDS).toNanos()) {
            return cached.scope();
        }
        Optional<S3Scope> fresh;
        try {
            fresh = scopes.apply(instanceId);
        } catch (RuntimeException e) {
            log.warn("cannot look up the scope of instance {}: {}", instanceId, e.getMessage());
            return Optional.empty();
        }
        // the lookup runs before the signature is checked: cache only real scopes, and boundedly, so requests with
        // made-up keys cannot grow the cache
        if (fresh.isPresent()) {
            if (cache.size() >= MAX_CACHED_SCOPES) {
                cache.clear();
            }
            cache.put(instanceId, new CachedScope(fresh, now));
        } else {
            cache.remove(instanceId);
        }
        return fresh;
    }

    /**
     * A key for the instance; its view is computed from the instance's scope on each request (cached briefly).
     * The scope must fit an STS session policy, as in production, so a grant that would break on AWS breaks here.
     */
    @Override
    public TemporaryAwsCredentials issue(S3Scope scope) {
        policyLimit.forScope(scope);
        cache.remove(scope.instanceId());
        return keys.instanceKey(scope.instanceId(), clock.instant().plus(keyLifetime));
    }

    @Override
    public Optional<URI> endpoint() {
        return Optional.of(uri());
    }

    /** Where the store listens, e.g. {@code http://127.0.0.1:41234}. */
    public URI uri() {
        return URI.create("http://" + host + ":" + proxy.getPort());
    }

    public String bucket() {
        return bucket;
    }

    /** The platform's own key: full access (file browser, presigned URLs). */
    public TemporaryAwsCredentials platformCredentials() {
        return keys.platformKey();
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            log.warn("the embedded S3 store did not stop cleanly: {}", e.getMessage());
        }
    }
}
