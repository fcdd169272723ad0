package io.dataworkspace.launcher;

/** The launcher cannot start: a port is taken, a file cannot be written. The message says which and why. */
public final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
