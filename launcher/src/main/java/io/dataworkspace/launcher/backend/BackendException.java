package io.dataworkspace.launcher.backend;

/** A backend could not do what was asked; the message is meant for the user and the operator. */
public final class BackendException extends Exception {
    private static final long serialVersionUID = 1L;

    public BackendException(String message) {
        super(message);
    }

    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
