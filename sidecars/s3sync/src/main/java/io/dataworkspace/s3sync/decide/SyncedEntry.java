package io.dataworkspace.s3sync.decide;

/**
 * The state of a path the last time both sides were known to hold the same content.
 *
 * @param size        bytes
 * @param mtimeMicros local modification time after the sync, epoch microseconds
 * @param etag        remote ETag after the sync
 */
public record SyncedEntry(long size, long mtimeMicros, String etag) {
    /** @throws NullPointerException when etag is null */
    public SyncedEntry {
        java.util.Objects.requireNonNull(etag, "etag");
    }

    /**
     * @param local what the disk shows now
     * @return whether the local file is unchanged since this sync
     */
    public boolean matches(LocalFile local) {
        return local.directory() ? size == 0 && mtimeMicros == 0 && etag.equals(DIRECTORY_ETAG)
                : local.size() == size && local.mtimeMicros() == mtimeMicros && !etag.equals(DIRECTORY_ETAG);
    }

    /**
     * @param remote what S3 shows now
     * @return whether the remote object is unchanged since this sync
     */
    public boolean matches(RemoteObject remote) {
        return remote.etag().equals(etag) || etag.equals(DIRECTORY_ETAG) && remote.size() == 0;
    }

    /** ETag recorded for a directory marker: directories have no content to compare. */
    public static final String DIRECTORY_ETAG = "dir";
}
