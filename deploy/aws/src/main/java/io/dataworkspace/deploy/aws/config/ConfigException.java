package io.dataworkspace.deploy.aws.config;

/**
 * A context value is missing or invalid. The message is one sentence naming the key, the value and what was
 * expected, e.g. {@code "serverDesiredCount: 1 (expected: >= 2)"}, and never contains a secret.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the sentence shown to the operator
     */
    public ConfigException(String message) {
        super(message);
    }
}
