package io.dataworkspace.launcher.instance;

/** Receives instance changes from every replica. Called on the feed's thread: return quickly. */
public interface InstanceListener {
    void onChange(InstanceChange change);

    /**
     * The feed lost its connection and may have missed changes; it is connected again now. Reload whatever state
     * is derived from changes.
     */
    default void onResync() {
    }
}
