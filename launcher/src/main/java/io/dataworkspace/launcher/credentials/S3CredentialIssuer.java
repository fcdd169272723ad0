package io.dataworkspace.launcher.credentials;

import java.net.URI;
import java.util.Optional;

/**
 * Issues temporary S3 credentials limited to a scope: STS sessions against AWS, or keys of the embedded store.
 */
public interface S3CredentialIssuer {
    /**
     * @throws CredentialsException when the credentials cannot be issued (the message says why)
     */
    TemporaryAwsCredentials issue(S3Scope scope);

    /** The S3 endpoint tools must use, when it is not AWS's own (the embedded store). */
    default Optional<URI> endpoint() {
        return Optional.empty();
    }
}
