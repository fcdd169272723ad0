package io.dataworkspace.metrics.ecs;

/** The metadata endpoint answered with something that is not the documented JSON shape. */
public final class MalformedMetadataException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what was expected and what was found */
    public MalformedMetadataException(String message) {
        super(message);
    }

    /**
     * @param message what was expected
     * @param cause   the parser's error
     */
    public MalformedMetadataException(String message, Throwable cause) {
        super(message, cause);
    }
}
