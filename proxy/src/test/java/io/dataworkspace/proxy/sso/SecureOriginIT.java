package io.dataworkspace.proxy.sso;

import io.dataworkspace.proxy.testing.Browser;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Under an https public origin every cookie sign-in sets is {@code Secure}. (TLS itself ends at the load balancer;
 * the test browser speaks plain HTTP to the server, as the balancer would.)
 */
class SecureOriginIT {
    private static SsoFixture fixture;

    @BeforeAll
    static void start() {
        fixture = SsoFixture.start(Map.of("TEST_SCHEME", "https"));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void shouldMarkEveryCookieSecureUnderHttps() {
        Browser browser = fixture.browser();
        Browser.Response page = fixture.startSignIn(browser, "/");
        assertThat(page.url()).contains("redirect_uri=" + SsoFixture.enc(fixture.rootUrl("/auth/callback")))
                .contains(SsoFixture.enc("https://localhost:"));
        Browser.Response callback = browser.get(fixture.submitLogin(browser, page, "sec@example.test", "Sec")
                .location());
        assertThat(callback.status()).isEqualTo(302);
        Browser.Response toTool = browser.get(fixture.toolUrl("jupyter-sec001", "/"));
        List<Browser.Response> chain = browser.follow(toTool, 5);

        List<String> cookies = new java.util.ArrayList<>(callback.setCookies());
        chain.forEach(r -> cookies.addAll(r.setCookies()));
        assertThat(cookies).extracting(c -> c.substring(0, c.indexOf('=')))
                .contains("dw_session", "dw_tool_session", "dw_signin");
        assertThat(cookies).allSatisfy(c -> assertThat(c).contains("; Secure", "HttpOnly", "SameSite=Lax")
                .doesNotContainIgnoringCase("domain="));
        assertThat(chain.get(chain.size() - 1).body()).isEqualTo("tool jupyter-sec001 for sec@example.test");
    }
}
