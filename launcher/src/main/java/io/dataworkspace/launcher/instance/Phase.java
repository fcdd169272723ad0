package io.dataworkspace.launcher.instance;

/**
 * The lifecycle: {@code QUEUED → STARTING → RUNNING → STOPPING → STOPPED}, with {@code FAILED} from any live phase.
 * A queued or starting instance may also be asked to stop.
 */
public enum Phase {
    QUEUED, STARTING, RUNNING, STOPPING, STOPPED, FAILED;

    /** Live phases hold the instance's host: at most one live instance per host. */
    public boolean isLive() {
        return this != STOPPED && this != FAILED;
    }

    public boolean canMoveTo(Phase next) {
        return switch (this) {
            case QUEUED -> next == STARTING || next == STOPPING || next == FAILED;
            case STARTING -> next == RUNNING || next == STOPPING || next == FAILED;
            case RUNNING -> next == STOPPING || next == FAILED;
            case STOPPING -> next == STOPPED || next == FAILED;
            case STOPPED, FAILED -> false;
        };
    }
}
