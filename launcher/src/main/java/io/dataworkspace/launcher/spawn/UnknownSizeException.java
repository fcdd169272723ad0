package io.dataworkspace.launcher.spawn;

/** A start asked for a size its tool does not offer; the message is a sentence naming {@code size}. */
public final class UnknownSizeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnknownSizeException(String message) {
        super(message);
    }
}
