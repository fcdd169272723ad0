package io.dataworkspace.proxy.forward.internal;

import java.util.Set;

/**
 * Removes the proxy's own cookies from a {@code Cookie} header value and keeps every other cookie byte for byte.
 * Cookie names are case-sensitive (RFC 6265). When none of the names occurs in the value the value itself is
 * returned, so requests without proxy cookies allocate nothing.
 */
public final class CookieFilter {

    private final String[] names;

    public CookieFilter(Set<String> names) {
        this.names = names.toArray(new String[0]);
    }

    /** @return whether there is nothing to remove, ever */
    public boolean isEmpty() {
        return names.length == 0;
    }

    /**
     * @param value a {@code Cookie} header value ({@code a=1; b=2})
     * @return the value without the proxy's cookies, the same instance when nothing was removed, or {@code null}
     *     when no cookie is left
     */
    public String filter(String value) {
        boolean mayContain = false;
        for (String n : names) {
            if (value.contains(n)) {
                mayContain = true;
                break;
            }
        }
        if (!mayContain) {
            return value;
        }
        StringBuilder out = null;
        int len = value.length();
        int i = 0;
        boolean removed = false;
        while (i < len) {
            int end = value.indexOf(';', i);
            if (end < 0) {
                end = len;
            }
            int start = i;
            while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
                start++;
            }
            int stop = end;
            while (stop > start && (value.charAt(stop - 1) == ' ' || value.charAt(stop - 1) == '\t')) {
                stop--;
            }
            if (stop > start) {
                int eq = value.indexOf('=', start);
                int nameEnd = eq < 0 || eq > stop ? stop : eq;
                while (nameEnd > start && value.charAt(nameEnd - 1) == ' ') {
                    nameEnd--;
                }
                if (isProxyCookie(value, start, nameEnd)) {
                    removed = true;
                } else {
                    if (out == null) {
                        out = new StringBuilder(len);
                    } else {
                        out.append("; ");
                    }
                    out.append(value, start, stop);
                }
            }
            i = end + 1;
        }
        if (!removed) {
            return value;
        }
        return out == null ? null : out.toString();
    }

    private boolean isProxyCookie(String value, int start, int end) {
        int n = end - start;
        for (String name : names) {
            if (name.length() == n && value.regionMatches(start, name, 0, n)) {
                return true;
            }
        }
        return false;
    }
}
