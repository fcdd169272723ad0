package io.dataworkspace.deploy.aws.config;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed, validating reads from the flat string map the deployment is configured with (CDK context).
 * Every failure is a {@link ConfigException} naming the key.
 */
final class Settings {
    private final Map<String, String> values;

    Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    Optional<String> optional(String key) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    String string(String key, String fallback) {
        return optional(key).orElse(fallback);
    }

    String required(String key, String meaning) {
        return optional(key).orElseThrow(() -> new ConfigException(
                key + " is required (" + meaning + "); pass it with -c " + key + "=... or in cdk.json \"context\""));
    }

    int integer(String key, int fallback, int min, int max) {
        Optional<String> raw = optional(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(raw.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": " + raw.get() + " (expected: a whole number)");
        }
        return checkRange(key, value, min, max);
    }

    double decimal(String key, double fallback, double min, double max) {
        Optional<String> raw = optional(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        double value;
        try {
            value = Double.parseDouble(raw.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": " + raw.get() + " (expected: a number)");
        }
        if (!(value >= min && value <= max)) {
            throw new ConfigException(key + ": " + raw.get() + " (expected: " + min + " to " + max + ")");
        }
        return value;
    }

    boolean bool(String key, boolean fallback) {
        Optional<String> raw = optional(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        return switch (raw.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new ConfigException(key + ": " + raw.get() + " (expected: true or false)");
        };
    }

    List<String> list(String key, List<String> fallback) {
        Optional<String> raw = optional(key);
        if (raw.isEmpty()) {
            return List.copyOf(fallback);
        }
        return Arrays.stream(raw.get().split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    Optional<URI> httpsUri(String key) {
        return optional(key).map(raw -> {
            URI uri;
            try {
                uri = URI.create(raw);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + ": " + raw + " (expected: an https:// URL)");
            }
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new ConfigException(key + ": " + raw + " (expected: an https:// URL)");
            }
            return uri;
        });
    }

    Optional<String> arn(String key, String service) {
        return optional(key).map(raw -> {
            if (!raw.matches("arn:aws[a-z-]*:" + service + ":[a-z0-9-]*:[0-9]{0,12}:.+")) {
                throw new ConfigException(key + ": " + raw + " (expected: an arn:aws:" + service + ":... ARN)");
            }
            return raw;
        });
    }

    static int checkRange(String key, int value, int min, int max) {
        if (value < min) {
            throw new ConfigException(key + ": " + value + " (expected: >= " + min + ")");
        }
        if (value > max) {
            throw new ConfigException(key + ": " + value + " (expected: <= " + max + ")");
        }
        return value;
    }

    Map<String, String> asMap() {
        return values;
    }
}
