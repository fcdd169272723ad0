package io.dataworkspace.proxy.forward.internal;

import io.dataworkspace.launcher.config.ConfigException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Parsing and validation of configuration values, with messages that name the key and the expectation. */
public final class ConfigValues {

    private ConfigValues() {
    }

    public static void requirePositive(String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new ConfigException(name + ": " + d + " (expected: > 0)");
        }
    }

    public static void requireNotNegative(String name, Duration d) {
        if (d == null || d.isNegative()) {
            throw new ConfigException(name + ": " + d + " (expected: >= 0)");
        }
    }

    /** Parses {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 0} or ISO-8601 ({@code PT5S}). */
    public static Duration parseDuration(String key, String raw) {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt") || v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (v.equals("0")) {
                return Duration.ZERO;
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1).trim());
            switch (v.charAt(v.length() - 1)) {
                case 's':
                    return Duration.ofSeconds(n);
                case 'm':
                    return Duration.ofMinutes(n);
                case 'h':
                    return Duration.ofHours(n);
                default:
                    break;
            }
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            // fall through to the message below
        }
        throw new ConfigException(key + ": '" + raw + "' is not a duration (expected e.g. 500ms, 5s, 2m, PT5S)");
    }

    public static Duration duration(Map<String, String> env, String key, Duration fallback) {
        String raw = env.get(key);
        return raw == null || raw.isBlank() ? fallback : parseDuration(key, raw);
    }

    public static int integer(Map<String, String> env, String key, int fallback) {
        String raw = env.get(key);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": '" + raw + "' is not an integer");
        }
    }

    public static boolean bool(Map<String, String> env, String key, boolean fallback) {
        String raw = env.get(key);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true":
            case "yes":
            case "1":
                return true;
            case "false":
            case "no":
            case "0":
                return false;
            default:
                throw new ConfigException(key + ": '" + raw + "' (expected: true or false)");
        }
    }

    public static Set<String> list(Map<String, String> env, String key, Set<String> fallback) {
        String raw = env.get(key);
        if (raw == null) {
            return fallback;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String part : raw.split(",")) {
            String p = part.trim();
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    /** @return whether {@code s} is a non-empty RFC 7230 token (valid header or cookie name) */
    public static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
