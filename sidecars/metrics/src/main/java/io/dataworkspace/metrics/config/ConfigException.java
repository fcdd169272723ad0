package io.dataworkspace.metrics.config;

/** A configuration value is missing or invalid; the message is one sentence naming the variable. */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and what was expected */
    public ConfigException(String message) {
        super(message);
    }
}
