package io.dataworkspace.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionCookiesTest {

    @Test
    void shouldWriteHostOnlyHttpOnlyLaxCookiesWithoutSecureUnderHttp() {
        SessionCookies cookies = new SessionCookies(false, Duration.ofDays(7));
        assertThat(cookies.root("abc")).isEqualTo("dw_session=abc; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax");
        assertThat(cookies.tool("xyz"))
                .isEqualTo("dw_tool_session=xyz; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax");
        assertThat(cookies.root("abc")).doesNotContainIgnoringCase("domain").doesNotContain("Secure");
    }

    @Test
    void shouldAddSecureUnderHttps() {
        SessionCookies cookies = new SessionCookies(true, Duration.ofHours(1));
        assertThat(cookies.root("abc")).endsWith("; Secure").contains("Max-Age=3600", "HttpOnly", "SameSite=Lax");
        assertThat(cookies.clearTool()).startsWith("dw_tool_session=;").contains("Max-Age=0", "Secure");
    }

    @Test
    void shouldClearWithMaxAgeZero() {
        SessionCookies cookies = new SessionCookies(false, Duration.ofHours(1));
        assertThat(cookies.clearRoot()).isEqualTo("dw_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax");
    }

    @Test
    void shouldRefuseAMaxAgeBelowOneSecond() {
        assertThatThrownBy(() -> new SessionCookies(false, Duration.ofMillis(10)))
                .hasMessageContaining("expected: >= 1s");
    }

    @Test
    void shouldReadOurCookieFromACookieHeader() {
        String token = "abcdefghijklmnopqrstuvwxyz_-0123";
        assertThat(SessionCookies.fromHeader("dw_tool_session=" + token, "dw_tool_session")).isEqualTo(token);
        assertThat(SessionCookies.fromHeader("a=1; dw_tool_session=" + token + " ; b=2", "dw_tool_session"))
                .isEqualTo(token);
        // the JDK's cookie manager: quoted values, RFC 2965 attributes, commas
        assertThat(SessionCookies.fromHeader("$Version=1; dw_session=\"" + token + "\";$Path=\"/\"", "dw_session"))
                .isEqualTo(token);
        assertThat(SessionCookies.fromHeader("x=1,dw_session=" + token, "dw_session")).isEqualTo(token);
    }

    @Test
    void shouldIgnoreCookiesThatAreNotOurTokens() {
        assertThat(SessionCookies.fromHeader(null, "dw_session")).isNull();
        assertThat(SessionCookies.fromHeader("", "dw_session")).isNull();
        assertThat(SessionCookies.fromHeader("dw_session=short", "dw_session")).isNull();
        assertThat(SessionCookies.fromHeader("dw_session=has space in it 0123456789", "dw_session")).isNull();
        assertThat(SessionCookies.fromHeader("xdw_session=abcdefghijklmnopqrstuvwxyz", "dw_session")).isNull();
        assertThat(SessionCookies.fromHeader("dw_session_other=abcdefghijklmnopqrstuvwxyz", "dw_session")).isNull();
        assertThat(SessionCookies.fromHeader("dw_tool_session=abcdefghijklmnopqrstuvwxyz", "dw_session")).isNull();
    }
}
