package io.dataworkspace.s3sync.local;

import java.io.IOException;

/** Something that reports local changes to a {@link FolderWatcher.Listener}; the watcher in production. */
public interface ChangeSource extends AutoCloseable {
    /**
     * Starts reporting.
     *
     * @throws IOException when the folder cannot be watched
     */
    void start() throws IOException;

    @Override
    void close();

    /** Opens a change source on a folder. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param tree     the folder
         * @param listener where changes go
         * @return a change source, not started
         * @throws IOException when it cannot be created
         */
        ChangeSource open(LocalTree tree, FolderWatcher.Listener listener) throws IOException;
    }
}
