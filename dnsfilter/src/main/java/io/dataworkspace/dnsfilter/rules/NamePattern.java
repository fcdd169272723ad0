package io.dataworkspace.dnsfilter.rules;

import java.util.Locale;

/**
 * A name in a rule: either one exact name ({@code s3.amazonaws.com}) or every name strictly below a suffix
 * ({@code *.amazonaws.com}, which does not match {@code amazonaws.com} itself).
 *
 * @param name   the lower-case name without the {@code *.} prefix and without a trailing dot
 * @param suffix whether this pattern matches names below {@code name} rather than {@code name} itself
 */
public record NamePattern(String name, boolean suffix) {

    /** Validates the pattern. */
    public NamePattern {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("name pattern is empty");
        }
    }

    /**
     * Parses {@code host.example}, {@code host.example.} or {@code *.example}; a lone {@code *} matches every name.
     *
     * @param text the pattern as written in the rules file
     * @return the pattern
     * @throws IllegalArgumentException with a sentence saying what is wrong
     */
    public static NamePattern parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("*")) {
            return new NamePattern(".", true);
        }
        boolean suffix = s.startsWith("*.");
        if (suffix) {
            s = s.substring(2);
        }
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty name pattern '" + text + "'");
        }
        if (s.length() > 253) {
            throw new IllegalArgumentException("name pattern '" + text + "' is longer than 253 characters");
        }
        for (String label : s.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) {
                throw new IllegalArgumentException("name pattern '" + text + "' has an empty or over-long label");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                if (!ok) {
                    throw new IllegalArgumentException("name pattern '" + text + "' has the character '" + c
                            + "' (expected: letters, digits, '-', '_', and an optional leading '*.')");
                }
            }
        }
        return new NamePattern(s, suffix);
    }

    /** @return the pattern as written in a rules file */
    @Override
    public String toString() {
        if (name.equals(".")) {
            return "*";
        }
        return suffix ? "*." + name : name;
    }
}
