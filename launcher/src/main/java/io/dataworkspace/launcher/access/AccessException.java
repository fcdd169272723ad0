package io.dataworkspace.launcher.access;

/**
 * A refused access operation, with the HTTP status the API answers and a sentence saying what was wrong: 400 for
 * invalid input (naming the field), 403 when the actor may not, 404 for an unknown id, 409 for a duplicate.
 */
public final class AccessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    private AccessException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static AccessException invalid(String message) {
        return new AccessException(400, message);
    }

    public static AccessException forbidden(String message) {
        return new AccessException(403, message);
    }

    public static AccessException notFound(String message) {
        return new AccessException(404, message);
    }

    public static AccessException conflict(String message) {
        return new AccessException(409, message);
    }
}
