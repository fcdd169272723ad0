package io.dataworkspace.launcher.access;

import java.util.Locale;

/** Who may start a tool: any enabled user, or only users holding a tool grant (directly or through a team). */
public enum ToolAccess {
    EVERYONE, GRANTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code everyone} or {@code granted}; anything else is a 400 naming the field. */
    public static ToolAccess parse(String field, Object value) {
        if (value instanceof String s) {
            for (ToolAccess a : values()) {
                if (a.wireName().equals(s)) {
                    return a;
                }
            }
        }
        throw AccessException.invalid(field + ": " + quoted(value) + " (expected: \"everyone\" or \"granted\")");
    }

    private static String quoted(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
