package io.dataworkspace.proxy.session;

import io.vertx.core.http.Cookie;
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
        Cookie cookie = request.getCookie(name);
        if (cookie == null || !Tokens.wellFormed(cookie.getValue())) {
            return Optional.empty();
        }
        return Optional.of(cookie.getValue());
    }
}
