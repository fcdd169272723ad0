package io.dataworkspace.proxy.sso;

/** Sign-in could not be set up (the provider's discovery failed, the embedded provider did not start). */
public final class SsoStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SsoStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
