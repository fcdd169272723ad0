package io.dataworkspace.proxy.forward.internal;

import io.netty.util.AsciiString;

/**
 * What to do with each header name, decided by one case-insensitive hash probe into a table built once, plus two
 * prefix checks ({@code proxy-}, {@code x-workspace-}) for names not in the table. No regex, no allocation.
 */
public final class HeaderRules {

    /** Copy the header unchanged. */
    public static final int COPY = 0;
    /** Hop-by-hop, spoofable or otherwise ours to set: never copied. */
    public static final int DROP = 1;
    /** {@code Host}: copied or replaced depending on the options. */
    public static final int HOST = 2;
    /** {@code Cookie}: copied without the proxy's own cookies. */
    public static final int COOKIE = 3;
    /** Client-side {@code X-Forwarded-*}: only read when hops are trusted, always re-set by the proxy. */
    public static final int FORWARDED = 4;

    private static final String[] HOP_BY_HOP = {
            "connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade", "proxy-connection",
            "proxy-authenticate", "proxy-authorization"};
    /** Request headers that the proxy sets itself or handles (Expect: 100-continue is answered by the proxy). */
    private static final String[] REQUEST_ONLY_DROPS = {"expect", "forwarded", "x-real-ip", "x-forwarded-port"};
    private static final String[] FORWARDED_NAMES = {"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"};

    private final AsciiString[] names;
    private final int[] actions;
    private final int mask;
    private final boolean request;

    private HeaderRules(boolean request) {
        this.request = request;
        int n = HOP_BY_HOP.length + REQUEST_ONLY_DROPS.length + FORWARDED_NAMES.length + 2;
        int size = Integer.highestOneBit(n * 4 - 1) << 1;
        names = new AsciiString[size];
        actions = new int[size];
        mask = size - 1;
        for (String h : HOP_BY_HOP) {
            put(h, DROP);
        }
        if (request) {
            for (String h : REQUEST_ONLY_DROPS) {
                put(h, DROP);
            }
            for (String h : FORWARDED_NAMES) {
                put(h, FORWARDED);
            }
            put("host", HOST);
            put("cookie", COOKIE);
        }
    }

    /** Rules for headers sent from the client to the upstream. */
    public static HeaderRules forRequests() {
        return new HeaderRules(true);
    }

    /** Rules for headers sent from the upstream back to the client. */
    public static HeaderRules forResponses() {
        return new HeaderRules(false);
    }

    private void put(String name, int action) {
        AsciiString key = AsciiString.cached(name);
        int i = AsciiString.hashCode(key) & mask;
        while (names[i] != null) {
            i = (i + 1) & mask;
        }
        names[i] = key;
        actions[i] = action;
    }

    /** @return {@link #COPY}, {@link #DROP}, {@link #HOST}, {@link #COOKIE} or {@link #FORWARDED} */
    public int classify(CharSequence name) {
        int i = AsciiString.hashCode(name) & mask;
        AsciiString candidate;
        while ((candidate = names[i]) != null) {
            if (candidate.contentEqualsIgnoreCase(name)) {
                return actions[i];
            }
            i = (i + 1) & mask;
        }
        if (startsWithIgnoreCase(name, "proxy-")) {
            return DROP;
        }
        if (request && startsWithIgnoreCase(name, "x-workspace-")) {
            return DROP;
        }
        return COPY;
    }

    /** @param lowerPrefix an ASCII lower-case prefix */
    static boolean startsWithIgnoreCase(CharSequence s, String lowerPrefix) {
        int n = lowerPrefix.length();
        if (s.length() < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lowerPrefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns whether {@code name} is one of the comma-separated tokens of a {@code Connection} header value (which
     * makes it hop-by-hop). Allocation-free.
     */
    static boolean listedIn(CharSequence connection, CharSequence name) {
        int len = connection.length();
        for (int start = tokenStart(connection, 0), comma; start < len; start = tokenStart(connection, comma)) {
            comma = tokenEnd(connection, start);
            int end = trimmedEnd(connection, start, comma);
            if (end - start == name.length() && regionEqualsIgnoreCase(connection, start, name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns whether a {@code Connection} value lists anything besides {@code close}, {@code keep-alive} and
     * {@code upgrade} (all of which are dropped anyway), so the per-header {@link #listedIn} check can be skipped.
     */
    static boolean listsExtraHeaders(CharSequence connection) {
        int len = connection.length();
        for (int start = tokenStart(connection, 0), comma; start < len; start = tokenStart(connection, comma)) {
            comma = tokenEnd(connection, start);
            int end = trimmedEnd(connection, start, comma);
            int n = end - start;
            if (n > 0 && !(n == 5 && regionEqualsIgnoreCase(connection, start, "close"))
                    && !(n == 10 && regionEqualsIgnoreCase(connection, start, "keep-alive"))
                    && !(n == 7 && regionEqualsIgnoreCase(connection, start, "upgrade"))) {
                return true;
            }
        }
        return false;
    }

    /** The first character at or after {@code i} that is not a separator (space, tab, comma) of a token list. */
    private static int tokenStart(CharSequence list, int i) {
        while (i < list.length() && (list.charAt(i) == ' ' || list.charAt(i) == '\t' || list.charAt(i) == ',')) {
            i++;
        }
        return i;
    }

    /** The comma (or the end) that ends the token starting at {@code start}. */
    private static int tokenEnd(CharSequence list, int start) {
        int i = start;
        while (i < list.length() && list.charAt(i) != ',') {
            i++;
        }
        return i;
    }

    /** {@code end} moved back over trailing spaces and tabs, not before {@code start}. */
    private static int trimmedEnd(CharSequence list, int start, int end) {
        while (end > start && (list.charAt(end - 1) == ' ' || list.charAt(end - 1) == '\t')) {
            end--;
        }
        return end;
    }

    private static boolean regionEqualsIgnoreCase(CharSequence s, int start, CharSequence other) {
        for (int k = 0; k < other.length(); k++) {
            char a = s.charAt(start + k);
            char b = other.charAt(k);
            if (a != b) {
                if (a >= 'A' && a <= 'Z') {
                    a += 32;
                }
                if (b >= 'A' && b <= 'Z') {
                    b += 32;
                }
                if (a != b) {
                    return false;
                }
            }
        }
        return true;
    }
}
