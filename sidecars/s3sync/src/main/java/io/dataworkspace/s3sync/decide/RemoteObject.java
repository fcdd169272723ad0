package io.dataworkspace.s3sync.decide;

/**
 * What S3 shows for a key.
 *
 * @param size               bytes
 * @param etag               ETag without quotes (empty when the server gives none, e.g. implicit folders)
 * @param lastModifiedMillis last modification, epoch millis
 */
public record RemoteObject(long size, String etag, long lastModifiedMillis) {
    /** Normalises the ETag: quotes removed, null becomes empty. */
    public RemoteObject {
        etag = etag == null ? "" : Etags.unquote(etag);
    }
}
