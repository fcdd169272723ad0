package io.dataworkspace.s3sync.decide;

/**
 * What to do with one path. Decisions carry no data (an enum, so switches over it are checked for
 * exhaustiveness); every action re-checks its preconditions right before touching anything.
 */
public enum Decision {
    /** Both sides agree with the last sync. */
    NOTHING,
    /** Send the local file to S3 (local is new or changed; remote is unchanged or gone). */
    UPLOAD,
    /** Fetch the object (remote is new or changed; local is unchanged or gone). */
    DOWNLOAD,
    /** The local file was deleted and the remote object is still the synced version. */
    DELETE_REMOTE,
    /** The object was deleted and the local file is still the synced version. */
    DELETE_LOCAL,
    /** Both sides are gone: drop the state entry. */
    FORGET,
    /** Both sides exist and hold the same thing (folders): record them as synced. */
    RECORD,
    /**
     * Both sides changed (or both appeared with no history): unless the contents turn out equal, the
     * remote version is saved beside the local one as a conflict copy and the local one is uploaded.
     */
    CONFLICT
}
