package io.dataworkspace.launcher.credentials;

/**
 * Credentials could not be issued, refreshed or revoked. The message is a sentence a user or operator can act on
 * and never contains a secret.
 */
public class CredentialsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CredentialsException(String message) {
        super(message);
    }

    public CredentialsException(String message, Throwable cause) {
        super(message, cause);
    }
}
