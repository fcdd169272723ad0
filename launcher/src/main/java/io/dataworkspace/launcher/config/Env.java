package io.dataworkspace.launcher.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reads of an environment map. Every error message names the variable, the value and what was expected,
 * e.g. {@code SPAWN_WORKERS: "x" (expected: a whole number)}.
 */
public final class Env {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private final Map<String, String> values;

    public Env(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** The variables as a map (for components configured from a plain map). */
    public Map<String, String> asMap() {
        return values;
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public Optional<String> optional(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String string(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    public int integer(String name, int fallback, int min, int max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(raw.get());
        } catch (NumberFormatException e) {
            throw invalid(name, raw.get(), "a whole number");
        }
        if (value < min || value > max) {
            throw invalid(name, raw.get(), "between " + min + " and " + max);
        }
        return value;
    }

    public double decimal(String name, double fallback, double min, double max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        double value;
        try {
            value = Double.parseDouble(raw.get());
        } catch (NumberFormatException e) {
            throw invalid(name, raw.get(), "a number");
        }
        if (!(value >= min && value <= max)) {
            throw invalid(name, raw.get(), "between " + min + " and " + max);
        }
        return value;
    }

    public boolean bool(String name, boolean fallback) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        return switch (raw.get().toLowerCase()) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw invalid(name, raw.get(), "true or false");
        };
    }

    /** Durations are written {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT30S}). */
    public Duration duration(String name, Duration fallback) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        Duration value = parseDuration(raw.get());
        if (value == null) {
            throw invalid(name, raw.get(), "a duration such as 30s, 5m, 2h or PT30S");
        }
        if (value.isNegative() || value.isZero()) {
            throw invalid(name, raw.get(), "> 0");
        }
        return value;
    }

    public Path path(String name, Path fallback) {
        return optional(name).map(Path::of).orElse(fallback);
    }

    public Optional<URI> uri(String name) {
        return optional(name).map(raw -> {
            try {
                URI uri = URI.create(raw);
                if (uri.getScheme() == null) {
                    throw invalid(name, raw, "an absolute URI");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw invalid(name, raw, "a URI");
            }
        });
    }

    /** Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601; null when malformed. */
    public static Duration parseDuration(String raw) {
        Matcher m = SHORT_DURATION.matcher(raw);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(raw);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static ConfigException invalid(String name, String value, String expected) {
        return new ConfigException(name + ": \"" + value + "\" (expected: " + expected + ")");
    }
}
