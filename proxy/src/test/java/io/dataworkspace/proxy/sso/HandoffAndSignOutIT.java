package io.dataworkspace.proxy.sso;

import io.dataworkspace.proxy.testing.Browser;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.testing.Poll;
import io.dataworkspace.proxy.session.JdbcSessionStore;
import io.dataworkspace.proxy.session.Session;
import io.dataworkspace.proxy.session.SessionConfig;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tool-host handoff and sign-out over HTTP, with a second store standing in for another proxy replica. */
class HandoffAndSignOutIT {
    private static final Duration CACHE_TTL = Duration.ofMillis(300);
    private static SsoFixture fixture;

    @BeforeAll
    static void start() {
        fixture = SsoFixture.start(Map.of("SESSION_CACHE_TTL", CACHE_TTL.toMillis() + "ms"));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void shouldHandTheSessionToAToolHostThroughAOneTimeToken() {
        Browser browser = fixture.browser();
        fixture.signIn(browser, "hana@example.test", "Hana", "/");
        String tool = fixture.toolUrl("jupyter-hana01", "/lab/tree?x=1");

        List<Browser.Response> chain = browser.follow(browser.get(tool), 5);

        assertThat(chain).extracting(Browser.Response::status).containsExactly(302, 302, 302, 200);
        assertThat(chain.get(1).url()).startsWith(fixture.rootUrl("/auth/handoff?host="));
        String handoff = chain.get(2).url();
        assertThat(handoff).startsWith(fixture.toolUrl("jupyter-hana01", SsoRoutes.TOOL_HANDOFF_PATH + "?token="));
        assertThat(chain.get(2).setCookie("dw_tool_session")).hasValueSatisfying(c -> assertThat(c)
                .contains("HttpOnly", "SameSite=Lax", "Path=/").doesNotContain("Domain"));
        assertThat(chain.get(2).headers().get("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(chain.get(3).url()).isEqualTo(tool);
        assertThat(chain.get(3).body()).isEqualTo("tool jupyter-hana01 for hana@example.test");
        assertThat(browser.cookie("jupyter-hana01.localhost", "dw_session")).isEmpty();

        Browser other = fixture.browser();
        Browser.Response replay = other.get(handoff);
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.setCookie("dw_tool_session")).isEmpty();
    }

    @Test
    void shouldSignInFirstWhenTheHandoffFindsNoRootSession() {
        Browser browser = fixture.browser();
        String tool = fixture.toolUrl("rstudio-ivy001", "/");
        Browser.Response toHandoff = browser.get(tool);
        Browser.Response toLogin = browser.get(toHandoff.location());
        assertThat(toLogin.status()).isEqualTo(302);
        assertThat(toLogin.location()).startsWith(fixture.rootUrl("/auth/login?next="));
        Browser.Response toProvider = browser.get(toLogin.location());
        Browser.Response page = browser.get(toProvider.location());

        Browser.Response callback = browser.get(fixture.submitLogin(browser, page, "ivy@example.test", "Ivy")
                .location());
        List<Browser.Response> rest = browser.follow(callback, 5);

        assertThat(rest.get(rest.size() - 1).status()).isEqualTo(200);
        assertThat(rest.get(rest.size() - 1).body()).isEqualTo("tool rstudio-ivy001 for ivy@example.test");
    }

    @Test
    void shouldBindToolSessionsToTheirHost() {
        Browser browser = fixture.browser();
        fixture.signIn(browser, "jack@example.test", "Jack", "/");
        browser.follow(browser.get(fixture.toolUrl("jupyter-jack01", "/")), 5);
        String toolCookie = browser.cookie("jupyter-jack01.localhost", "dw_tool_session").orElseThrow();
        String rootCookie = browser.cookie("localhost", "dw_session").orElseThrow();

        Browser thief = fixture.browser();
        thief.setCookie("jupyter-evil01.localhost", "dw_tool_session", toolCookie);
        assertThat(thief.get(fixture.toolUrl("jupyter-evil01", "/")).status()).isEqualTo(302);
        thief.setCookie("jupyter-jack01.localhost", "dw_tool_session", rootCookie);
        assertThat(thief.get(fixture.toolUrl("jupyter-jack01", "/")).status()).isEqualTo(302);
        thief.setCookie("localhost", "dw_session", toolCookie);
        assertThat(thief.get(fixture.rootUrl("/")).status()).isEqualTo(401);
    }

    @Test
    void shouldRefuseAHandoffToAHostOutsideTheRootDomain() {
        Browser browser = fixture.browser();
        fixture.signIn(browser, "kim@example.test", "Kim", "/");
        Browser.Response evil = browser.get(fixture.rootUrl("/auth/handoff?host=evil.com&next=%2F"));
        assertThat(evil.status()).isEqualTo(400);
        Browser.Response evilPath = browser.get(fixture.rootUrl("/auth/handoff?host="
                + SsoFixture.enc("jupyter-kim001.localhost:" + fixture.port) + "&next=" + SsoFixture.enc("//evil.com")));
        assertThat(evilPath.status()).isEqualTo(400);
    }

    @Test
    void shouldRevokeRootAndToolSessionsOnSignOutOnEveryReplica() {
        Browser browser = fixture.browser();
        fixture.signIn(browser, "lee@example.test", "Lee", "/");
        String toolHost = "jupyter-lee001.localhost:" + fixture.port;
        browser.follow(browser.get(fixture.toolUrl("jupyter-lee001", "/")), 5);
        String root = browser.cookie("localhost", "dw_session").orElseThrow();
        String tool = browser.cookie("jupyter-lee001.localhost", "dw_tool_session").orElseThrow();
        try (JdbcSessionStore replica = new JdbcSessionStore(fixture.vertx, fixture.db.jdbc(),
                SessionConfig.fromEnv(new io.dataworkspace.launcher.config.Env(
                        Map.of("SESSION_CACHE_TTL", CACHE_TTL.toMillis() + "ms"))))) {
            assertThat(resolve(replica, root, null)).isPresent();
            assertThat(resolve(replica, tool, toolHost)).isPresent();
            assertThat(replica.cached(root, null)).isPresent();

            Browser.Response out = browser.send(HttpMethod.POST, fixture.rootUrl("/auth/logout"), Map.of(),
                    Map.of("Origin", fixture.origin.url()));

            assertThat(out.status()).isEqualTo(200);
            assertThat(out.body()).contains("You have signed out");
            assertThat(out.setCookie("dw_session")).hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));
            assertThat(resolve(fixture.sessions, root, null)).isEmpty();
            assertThat(resolve(fixture.sessions, tool, toolHost)).isEmpty();
            Poll.until(Duration.ofSeconds(5), "the other replica to see the sign-out",
                    () -> resolve(replica, root, null).isEmpty() && resolve(replica, tool, toolHost).isEmpty());
        }
        Browser stale = fixture.browser();
        stale.setCookie("jupyter-lee001.localhost", "dw_tool_session", tool);
        assertThat(stale.get(fixture.toolUrl("jupyter-lee001", "/")).status()).isEqualTo(302);
        assertThat(fixture.db.jdbc().query("SELECT a.action FROM audit_events a JOIN users u ON u.id = a.actor_user_id "
                + "WHERE u.email = ? ORDER BY a.id", rs -> rs.getString(1), "lee@example.test"))
                .containsExactly("user.sign_in", "user.sign_out");
    }

    @Test
    void shouldRefuseASignOutPostedFromAnotherSite() {
        Browser browser = fixture.browser();
        fixture.signIn(browser, "max@example.test", "Max", "/");
        Browser.Response out = browser.send(HttpMethod.POST, fixture.rootUrl("/auth/logout"), Map.of(),
                Map.of("Origin", "https://evil.com"));
        assertThat(out.status()).isEqualTo(403);
        assertThat(browser.get(fixture.rootUrl("/")).status()).isEqualTo(200);
    }

    private static Optional<Session> resolve(JdbcSessionStore store, String token, String host) {
        try {
            return store.resolve(token, host).await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
