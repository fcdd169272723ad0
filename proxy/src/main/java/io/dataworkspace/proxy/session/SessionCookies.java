package io.dataworkspace.proxy.session;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.Optional;

/**
 * Builds the session cookies' {@code Set-Cookie} values: host-only (no Domain, so no tool host can read the root
 * cookie), {@code Path=/}, {@code HttpOnly}, {@code SameSite=Lax}, {@code Secure} when the public scheme is https,
 * {@code Max-Age} = the sessions' absolute maximum age.
 */
public final class SessionCookies {
    /** The root host's session cookie. */
    public static final String ROOT = "dw_session";
    /** A tool host's own session cookie. */
    public static final String TOOL = "dw_tool_session";

    private final boolean secure;
    private final long maxAgeSeconds;

    /**
     * @param secure whether the public origin is https (adds {@code Secure})
     * @param maxAge the sessions' absolute maximum age
     */
    public SessionCookies(boolean secure, Duration maxAge) {
        if (maxAge.toSeconds() < 1) {
            throw new IllegalArgumentException("maxAge: " + maxAge + " (expected: >= 1s)");
        }
        this.secure = secure;
        this.maxAgeSeconds = maxAge.toSeconds();
    }

    public String root(String rawToken) {
        return build(ROOT, rawToken, maxAgeSeconds);
    }

    public String tool(String rawToken) {
        return build(TOOL, rawToken, maxAgeSeconds);
    }

    public String clearRoot() {
        return build(ROOT, "", 0);
    }

    public String clearTool() {
        return build(TOOL, "", 0);
    }

    /** Any other cookie with the same attributes (used for the short-lived sign-in binding cookie). */
    public String build(String name, String value, long maxAge) {
        StringBuilder b = new StringBuilder(name.length() + value.length() + 80)
                .append(name).append('=').append(value)
                .append("; Max-Age=").append(maxAge)
                .append("; Path=/; HttpOnly; SameSite=Lax");
        if (secure) {
            b.append("; Secure");
        }
        return b.toString();
    }

    public boolean secure() {
        return secure;
    }

    /** The request's cookie {@code name} when it has the shape of one of our tokens; empty otherwise. */
    public static Optional<String> read(HttpServerRequest request, String name) {
        String value = fromHeader(request.getHeader(HttpHeaders.COOKIE), name);
        if (value == null && request.headers().size() > 1) {
            // some clients (the JDK's HttpClient) send one Cookie line per cookie
            for (String line : request.headers().getAll(HttpHeaders.COOKIE)) {
                value = value == null ? fromHeader(line, name) : value;
            }
        }
        return Optional.ofNullable(value);
    }

    /**
     * The value of cookie {@code name} in a {@code Cookie} header value ({@code a=1; b="2"}; {@code ,} separates
     * too, as in RFC 2965 headers) when it has the shape of one of our tokens; null otherwise (also for a null
     * header).
     */
    public static String fromHeader(CharSequence header, String name) {
        if (header == null) {
            return null;
        }
        int length = header.length();
        int n = name.length();
        int i = 0;
        while (i < length) {
            while (i < length && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
                i++;
            }
            int end = i;
            while (end < length && header.charAt(end) != ';' && header.charAt(end) != ',') {
                end++;
            }
            if (end - i > n && header.charAt(i + n) == '=' && regionEquals(header, i, name)) {
                int valueStart = i + n + 1;
                int valueEnd = end;
                while (valueEnd > valueStart && header.charAt(valueEnd - 1) == ' ') {
                    valueEnd--;
                }
                if (valueEnd - valueStart >= 2 && header.charAt(valueStart) == '"'
                        && header.charAt(valueEnd - 1) == '"') {
                    valueStart++; // a quoted cookie-value (RFC 6265), as the JDK's cookie manager sends them
                    valueEnd--;
                }
                String value = header.subSequence(valueStart, valueEnd).toString();
                return Tokens.wellFormed(value) ? value : null;
            }
            i = end + 1;
        }
        return null;
    }

    private static boolean regionEquals(CharSequence s, int start, String name) {
        for (int k = 0; k < name.length(); k++) {
            if (s.charAt(start + k) != name.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
