package io.dataworkspace.launcher.credentials;

import java.nio.charset.StandardCharsets;

/**
 * Quoting for the few statements that cannot take parameters (CREATE ROLE, GRANT, …): the Java equivalents of
 * PostgreSQL's {@code quote_ident} and {@code quote_literal}. Every identifier is always quoted, whatever it looks
 * like, so quotes, semicolons and unicode in names are data, never SQL.
 */
public final class PgQuote {
    /** PostgreSQL truncates longer identifiers, which would make two names one. */
    static final int MAX_IDENTIFIER_BYTES = 63;

    private PgQuote() {
    }

    /** {@code "name"} with embedded double quotes doubled. */
    public static String ident(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an SQL identifier is empty");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an SQL identifier contains a NUL character");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
            throw new IllegalArgumentException("an SQL identifier is longer than " + MAX_IDENTIFIER_BYTES + " bytes");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** {@code 'text'} with embedded single quotes doubled; backslashes become an {@code E''} string. */
    public static String literal(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an SQL literal contains a NUL character");
        }
        String quoted = "'" + value.replace("'", "''") + "'";
        return value.indexOf('\\') >= 0 ? "E" + quoted.replace("\\", "\\\\") : quoted;
    }
}
