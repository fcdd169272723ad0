package io.dataworkspace.s3sync.remote;

/** A conditional request failed: the object is not the version the decision was based on. */
public final class RemoteChangedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param relPath the path whose object changed under us */
    public RemoteChangedException(String relPath) {
        super("remote object changed meanwhile: " + relPath);
    }
}
