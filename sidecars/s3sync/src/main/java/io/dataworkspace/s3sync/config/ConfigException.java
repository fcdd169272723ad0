package io.dataworkspace.s3sync.config;

/** A configuration value is missing or invalid; the message is one sentence naming the variable. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and what was expected */
    public ConfigException(String message) {
        super(message);
    }
}
