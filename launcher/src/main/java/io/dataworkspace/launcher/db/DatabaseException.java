package io.dataworkspace.launcher.db;

/** The database could not be reached or refused an operation; unchecked so callers need not wrap SQLExceptions. */
public final class DatabaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
