package io.dataworkspace.deploy.aws.config;

/**
 * Where a container image comes from. A value without a registry host ({@code dataworkspace:0.1.0},
 * {@code quay/jupyter/scipy-notebook:latest}) is a repository of this account's ECR, whose pull permission is granted
 * to the task's execution role; a value with a registry host ({@code public.ecr.aws/x/y:1}) is pulled as is.
 */
public sealed interface ImageSource {

    /**
     * An image in this account's ECR (including pull-through cache repositories).
     *
     * @param repository repository name, may contain '/'
     * @param tag        tag or digest
     */
    record Ecr(String repository, String tag) implements ImageSource {
        public Ecr {
            if (repository.isBlank() || tag.isBlank()) {
                throw new ConfigException("image: " + repository + ":" + tag + " (expected: repository:tag)");
            }
        }
    }

    /**
     * An image reference pulled as written.
     *
     * @param reference full reference including the registry host
     */
    record Registry(String reference) implements ImageSource {
    }

    /**
     * Parses a context value.
     *
     * @param key   the context key, for messages
     * @param value e.g. {@code dataworkspace:0.1.0} or {@code public.ecr.aws/org/image:1.2}
     * @return the parsed source
     */
    static ImageSource parse(String key, String value) {
        if (value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigException(key + ": '" + value + "' (expected: an image reference without spaces)");
        }
        int slash = value.indexOf('/');
        String first = slash < 0 ? "" : value.substring(0, slash);
        if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
            return new Registry(value);
        }
        int at = value.indexOf('@');
        if (at > 0) {
            return new Ecr(value.substring(0, at), value.substring(at + 1));
        }
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon < value.lastIndexOf('/')) {
            throw new ConfigException(key + ": " + value + " (expected: repository:tag, e.g. dataworkspace:0.1.0)");
        }
        return new Ecr(value.substring(0, colon), value.substring(colon + 1));
    }
}
