package io.dataworkspace.launcher.access;

import io.dataworkspace.launcher.db.Jdbc;
import java.time.Instant;

/** Validation and existence checks shared by the access services; each failure names the field. */
final class Checks {
    private Checks() {
    }

    /** A trimmed, non-blank text of at most {@code max} characters. */
    static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw AccessException.invalid(field + ": " + (value == null ? "missing" : "\"" + value + "\"")
                    + " (expected: a non-empty string)");
        }
        String trimmed = value.strip();
        if (trimmed.length() > max) {
            throw AccessException.invalid(field + ": " + trimmed.length() + " characters (expected: at most " + max
                    + ")");
        }
        return trimmed;
    }

    /** An expiry in the future, or null for "never". */
    static Instant expiry(Instant expiresAt) {
        if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
            throw AccessException.invalid("expiresAt: " + expiresAt + " (expected: a time in the future, or none)");
        }
        return expiresAt;
    }

    static void userExists(Jdbc jdbc, String field, String userId) {
        if (jdbc.queryOne("SELECT 1 FROM users WHERE id = ?", rs -> 1, userId).isEmpty()) {
            throw AccessException.notFound(field + ": no user with id " + userId);
        }
    }

    static void teamExists(Jdbc jdbc, String field, long teamId) {
        if (jdbc.queryOne("SELECT 1 FROM teams WHERE id = ?", rs -> 1, teamId).isEmpty()) {
            throw AccessException.notFound(field + ": no team with id " + teamId);
        }
    }

    static boolean toolExists(Jdbc jdbc, String slug) {
        return jdbc.queryOne("SELECT 1 FROM tools WHERE slug = ?", rs -> 1, slug).isPresent();
    }
}
