package io.dataworkspace.launcher.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A set of temporary AWS credentials, as the container-credentials protocol serves them. {@link #toString()} never
 * shows the secret or the token.
 */
public record TemporaryAwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken,
        Instant expiration) {
    public TemporaryAwsCredentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(sessionToken, "sessionToken");
        Objects.requireNonNull(expiration, "expiration");
    }

    /** True when the credentials expire within {@code margin} of {@code now}. */
    public boolean expiresWithin(Duration margin, Instant now) {
        return !expiration.isAfter(now.plus(margin));
    }

    @Override
    public String toString() {
        return "TemporaryAwsCredentials[accessKeyId=" + accessKeyId + ", expiration=" + expiration + "]";
    }
}
