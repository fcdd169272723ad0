package io.dataworkspace.launcher.spawn;

/** A start request the platform will not act on, with the reason in words a user understands. */
public final class SpawnRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a start was refused; callers map it to an HTTP status. */
    public enum Reason {
        UNKNOWN_USER, USER_DISABLED, NOT_GRANTED, UNKNOWN_TOOL, TOOL_DISABLED, TOOL_UNAVAILABLE
    }

    private final Reason reason;

    public SpawnRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
