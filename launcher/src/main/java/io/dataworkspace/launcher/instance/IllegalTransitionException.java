package io.dataworkspace.launcher.instance;

/** A transition the lifecycle does not allow, such as {@code STOPPED → RUNNING}. */
public final class IllegalTransitionException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public IllegalTransitionException(Phase from, Phase to) {
        super("illegal instance transition " + from + " → " + to);
    }
}
