package io.dataworkspace.launcher.credentials;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current S3 credentials of each live instance, issued on first request and re-issued (with the scope
 * recomputed from current grants) once they come within the refresh margin of expiry. The margin is larger than
 * the AWS SDKs' own pre-fetch window, so a tool asking for fresh credentials always gets new ones.
 */
public final class InstanceS3Credentials {
    private final S3CredentialIssuer issuer;
    private final ScopeResolver scopes;
    private final Duration refreshMargin;
    private final Clock clock;
    private final Map<UUID, TemporaryAwsCredentials> cache = new ConcurrentHashMap<>();

    public InstanceS3Credentials(S3CredentialIssuer issuer, ScopeResolver scopes, Duration sessionDuration,
            Clock clock) {
        this.issuer = issuer;
        this.scopes = scopes;
        Duration half = sessionDuration.dividedBy(2);
        Duration twenty = Duration.ofMinutes(20);
        this.refreshMargin = half.compareTo(twenty) < 0 ? half : twenty;
        this.clock = clock;
    }

    /**
     * Credentials for a live instance, from the cache while they are fresh.
     *
     * @return empty when the instance is not live
     * @throws CredentialsException when they cannot be issued
     */
    public Optional<TemporaryAwsCredentials> current(UUID instanceId) {
        TemporaryAwsCredentials cached = cache.get(instanceId);
        if (cached != null && !cached.expiresWithin(refreshMargin, clock.instant())) {
            return Optional.of(cached);
        }
        Optional<S3Scope> scope = scopes.s3Scope(instanceId);
        if (scope.isEmpty()) {
            cache.remove(instanceId);
            return Optional.empty();
        }
        S3Scope s = scope.get();
        return Optional.of(cache.compute(instanceId, (id, old) ->
                old != null && !old.expiresWithin(refreshMargin, clock.instant()) ? old : issuer.issue(s)));
    }

    /** Checks that credentials can be issued for this scope (policy size, STS reachable) and caches them. */
    public TemporaryAwsCredentials issueNow(S3Scope scope) {
        TemporaryAwsCredentials issued = issuer.issue(scope);
        cache.put(scope.instanceId(), issued);
        return issued;
    }

    /** Forgets an instance's credentials (they stay valid at AWS until they expire; the endpoint stops serving). */
    public void forget(UUID instanceId) {
        cache.remove(instanceId);
    }

    public S3CredentialIssuer issuer() {
        return issuer;
    }
}
