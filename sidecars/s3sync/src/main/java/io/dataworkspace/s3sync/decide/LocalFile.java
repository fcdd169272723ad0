package io.dataworkspace.s3sync.decide;

/**
 * What the local file system shows for a path.
 *
 * @param size        bytes (0 for a directory)
 * @param mtimeMicros last modification time, epoch microseconds (0 for a directory: directories have no content)
 * @param directory   whether the path is a directory
 */
public record LocalFile(long size, long mtimeMicros, boolean directory) {
    /** A directory: only its existence matters. */
    public static final LocalFile DIRECTORY = new LocalFile(0, 0, true);
}
