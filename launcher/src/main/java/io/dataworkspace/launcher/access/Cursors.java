package io.dataworkspace.launcher.access;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Opaque keyset cursors: the sort key of the last row of a page, base64url-encoded so clients do not build them.
 * A cursor that does not decode is a 400 naming the {@code after} parameter.
 */
public final class Cursors {
    private Cursors() {
    }

    public static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The key inside a cursor, or null when {@code cursor} is null. */
    public static String decode(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw badCursor(cursor);
        }
    }

    /** A cursor over a numeric id. */
    public static String ofId(long id) {
        return encode(Long.toString(id));
    }

    /** The numeric id inside a cursor, or null. */
    public static Long idOf(String cursor) {
        String key = decode(cursor);
        if (key == null) {
            return null;
        }
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw badCursor(cursor);
        }
    }

    /** A cursor over a time and an id (microsecond precision, as PostgreSQL stores it). */
    public static String ofTimeAndId(Instant at, long id) {
        long micros = at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
        return encode(micros + ":" + id);
    }

    /** The time and id inside a cursor made by {@link #ofTimeAndId}. */
    public static TimeAndId timeAndIdOf(String cursor) {
        String key = decode(cursor);
        if (key == null) {
            return null;
        }
        int colon = key.indexOf(':');
        try {
            long micros = Long.parseLong(key.substring(0, colon));
            long id = Long.parseLong(key.substring(colon + 1));
            return new TimeAndId(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1_000L), id);
        } catch (RuntimeException e) {
            throw badCursor(cursor);
        }
    }

    /** The sort key of a list ordered by time then id. */
    public record TimeAndId(Instant at, long id) {
    }

    private static AccessException badCursor(String cursor) {
        return AccessException.invalid("after: \"" + cursor + "\" (expected: the next cursor of a previous page)");
    }
}
