package io.dataworkspace.s3sync.remote;

import io.dataworkspace.s3sync.decide.RemoteObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * An S3 prefix addressed by relative paths (directories end with {@code /} and are zero-byte
 * markers). Every method either succeeds completely or throws; none returns partial results.
 */
public interface RemoteStore extends AutoCloseable {
    /**
     * @return every object under the prefix; only a complete listing is returned
     */
    Map<String, RemoteObject> list();

    /**
     * @param relPath relative path
     * @return the object, empty when absent
     */
    Optional<RemoteObject> head(String relPath);

    /**
     * Uploads a file (multipart when large), conditionally.
     *
     * @param relPath      relative path
     * @param file         the local file
     * @param expectedEtag ETag the object must still have, or empty when it must not exist
     * @return the new object
     * @throws RemoteChangedException when the condition fails
     * @throws IOException            when the file cannot be read
     */
    RemoteObject upload(String relPath, Path file, Optional<String> expectedEtag) throws IOException;

    /**
     * Downloads an object into {@code target} (which must not exist).
     *
     * @param relPath relative path
     * @param target  temporary file to write
     * @return the object that was downloaded
     * @throws IOException when the file cannot be written or is short
     */
    RemoteObject download(String relPath, Path target) throws IOException;

    /**
     * Deletes an object if it still has the given ETag.
     *
     * @param relPath      relative path
     * @param expectedEtag ETag it must still have
     * @throws RemoteChangedException when the object changed
     */
    void delete(String relPath, String expectedEtag);

    /** @return whether the bucket is reachable with the current credentials */
    boolean reachable();

    @Override
    void close();
}
