package io.dataworkspace.proxy.sso;

import io.dataworkspace.proxy.testing.Browser;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.user.User;
import io.dataworkspace.launcher.user.UserRepository;
import io.vertx.core.json.JsonObject;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sign-in against the real embedded OpenID provider and a real PostgreSQL, driven like a browser. */
class SignInRoundTripIT {
    private static SsoFixture fixture;
    private static UserRepository users;

    @BeforeAll
    static void start() {
        fixture = SsoFixture.start(Map.of("ADMIN_EMAILS", "boss@example.test",
                "SUPPORT_CONTACT", "the data team"));
        users = new UserRepository(fixture.db.jdbc());
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void shouldSignInThroughTheProviderAndReturnToNext() {
        Browser browser = fixture.browser();
        Browser.Response page = fixture.startSignIn(browser, "/");
        assertThat(page.body()).contains("For development only");
        Browser.Response callback = browser.get(fixture.submitLogin(browser, page, "alice@example.test",
                "Alice Example").location());

        assertThat(callback.status()).isEqualTo(302);
        assertThat(callback.location()).isEqualTo(fixture.rootUrl("/"));
        assertThat(callback.setCookie("dw_session")).hasValueSatisfying(c -> assertThat(c)
                .contains("HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=604800").doesNotContain("Domain", "Secure"));
        Browser.Response home = browser.get(callback.location());
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).isEqualTo("home of alice@example.test");

        User user = users.findByEmail("alice@example.test").orElseThrow();
        assertThat(user.name()).isEqualTo("Alice Example");
        assertThat(user.subject()).isEqualTo("alice@example.test");
        assertThat(user.admin()).isFalse();
        assertThat(auditActions(user.id())).containsExactly("user.sign_in");
        String stored = fixture.db.jdbc().queryOne("SELECT encode(token_hash, 'hex') FROM sessions WHERE user_id = ?",
                rs -> rs.getString(1), user.id()).orElseThrow();
        assertThat(stored).isNotEqualTo(browser.cookie("localhost", "dw_session").orElseThrow());
    }

    @Test
    void shouldSendPkceChallengeStateAndNonceToTheProvider() {
        Browser browser = fixture.browser();
        Browser.Response login = browser.get(fixture.rootUrl("/auth/login"));
        assertThat(login.status()).isEqualTo(302);
        assertThat(login.location())
                .startsWith(fixture.provider.issuer().toString())
                .contains("code_challenge_method=S256", "code_challenge=", "state=", "nonce=", "scope=openid",
                        "redirect_uri=" + SsoFixture.enc(fixture.rootUrl("/auth/callback")));
        assertThat(login.setCookie("dw_signin")).hasValueSatisfying(c -> assertThat(c).contains("HttpOnly"));
    }

    @Test
    void shouldReturnToAToolHostUrl() {
        Browser browser = fixture.browser();
        String next = fixture.toolUrl("jupyter-abc123", "/lab?x=1");
        Browser.Response callback = fixture.signIn(browser, "tooly@example.test", "Tooly", next);
        assertThat(callback.status()).isEqualTo(302);
        assertThat(callback.location()).isEqualTo(next);
    }

    @Test
    void shouldRefuseAReplayedState() {
        Browser browser = fixture.browser();
        Browser.Response page = fixture.startSignIn(browser, "/");
        String callbackUrl = fixture.submitLogin(browser, page, "replay@example.test", "Replay").location();
        String binding = browser.cookie("localhost", "dw_signin").orElseThrow();
        assertThat(browser.get(callbackUrl).status()).isEqualTo(302);
        browser.clearCookies();
        browser.setCookie("localhost", "dw_signin", binding);

        Browser.Response again = browser.get(callbackUrl);

        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("This sign-in link has expired; start again.");
        assertThat(again.setCookie("dw_session")).isEmpty();
    }

    @Test
    void shouldRefuseAnExpiredState() {
        Browser browser = fixture.browser();
        Browser.Response page = fixture.startSignIn(browser, "/");
        String callbackUrl = fixture.submitLogin(browser, page, "late@example.test", "Late").location();
        updateAttempt(callbackUrl, "expires_at = now() - interval '1 second'");

        Browser.Response callback = browser.get(callbackUrl);

        assertThat(callback.status()).isEqualTo(400);
        assertThat(callback.body()).contains("This sign-in link has expired; start again.");
        assertThat(callback.setCookie("dw_session")).isEmpty();
    }

    @Test
    void shouldRefuseACallbackInAnotherBrowser() {
        Browser victim = fixture.browser();
        Browser attacker = fixture.browser();
        Browser.Response page = fixture.startSignIn(attacker, "/");
        String callbackUrl = fixture.submitLogin(attacker, page, "mallory@example.test", "Mallory").location();

        Browser.Response callback = victim.get(callbackUrl);

        assertThat(callback.status()).isEqualTo(400);
        assertThat(callback.setCookie("dw_session")).isEmpty();
    }

    @Test
    void shouldFailWhenTheCodeVerifierDoesNotMatchTheChallenge() {
        Browser browser = fixture.browser();
        Browser.Response page = fixture.startSignIn(browser, "/");
        String callbackUrl = fixture.submitLogin(browser, page, "pkce@example.test", "Pkce").location();
        updateAttempt(callbackUrl, "code_verifier = '" + "x".repeat(64) + "'");

        Browser.Response callback = browser.get(callbackUrl);

        assertThat(callback.status()).isEqualTo(400);
        assertThat(callback.body()).contains("The sign-in could not be completed; start again.");
        assertThat(callback.setCookie("dw_session")).isEmpty();
        assertThat(users.findByEmail("pkce@example.test")).isEmpty();
    }

    @Test
    void shouldFailWhenTheIdTokenCarriesAnotherNonce() {
        Browser browser = fixture.browser();
        Browser.Response page = fixture.startSignIn(browser, "/");
        String callbackUrl = fixture.submitLogin(browser, page, "nonce@example.test", "Nonce").location();
        updateAttempt(callbackUrl, "nonce = 'another-nonce-entirely'");

        Browser.Response callback = browser.get(callbackUrl);

        assertThat(callback.status()).isEqualTo(400);
        assertThat(callback.setCookie("dw_session")).isEmpty();
        assertThat(users.findByEmail("nonce@example.test")).isEmpty();
    }

    /** With keep-alive (JDK client): the embedded provider once hung on reused connections (MockWebServer). */
    @Test
    void shouldSignInRepeatedlyOverKeptAliveConnections() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 25; i++) {
            String email = "again" + i + "@example.test";
            HttpResponse<String> login = jdkGet(client, fixture.rootUrl("/auth/login?next=%2F"));
            assertThat(login.statusCode()).as("login %d: %s %s", i, login.headers().map(), login.body())
                    .isEqualTo(302);
            String providerUrl = login.headers().firstValue("Location").orElseThrow();
            assertThat(jdkGet(client, providerUrl).body()).contains("For development only");
            String form = "username=" + SsoFixture.enc(email) + "&claims=" + SsoFixture.enc(
                    new JsonObject().put("email", email).put("name", "Again").encode());
            HttpResponse<String> submitted = client.send(HttpRequest.newBuilder(URI.create(providerUrl))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> callback = jdkGet(client,
                    submitted.headers().firstValue("Location").orElseThrow());
            assertThat(callback.statusCode()).as("sign-in %d", i).isEqualTo(302);
            assertThat(jdkGet(client, fixture.rootUrl("/")).body()).isEqualTo("home of " + email);
            ((CookieManager) client.cookieHandler().orElseThrow()).getCookieStore().removeAll();
        }
    }

    private static HttpResponse<String> jdkGet(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.com", "https://evil.com", "http://evil.com/", "http://localhost.evil.com/",
            "javascript:alert(1)", "/\\evil.com", "\\\\evil.com", "http://localhost@evil.com/",
            "http://evil.com@localhost/", "/\t/evil.com", "http://a.b.localhost/", "ftp://localhost/"})
    void shouldRefuseReturnUrlsOffTheRootDomain(String next) {
        Browser.Response response = fixture.browser()
                .get(fixture.rootUrl("/auth/login?next=" + SsoFixture.enc(next)));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("Return address not allowed");
        assertThat(response.headers().get("Location")).isNull();
    }

    @Test
    void shouldRefuseReturnUrlsOnAnotherPortOrScheme() {
        Browser browser = fixture.browser();
        assertThat(browser.get(fixture.rootUrl("/auth/login?next="
                + SsoFixture.enc("http://localhost:1/"))).status()).isEqualTo(400);
        assertThat(browser.get(fixture.rootUrl("/auth/login?next="
                + SsoFixture.enc("https://localhost:" + fixture.port + "/"))).status()).isEqualTo(400);
    }

    @Test
    void shouldRefuseADisabledUserWithAClearPageAndNoSession() {
        User carol = users.create("carol@example.test", "Carol", "carol@example.test", false);
        users.setDisabled(carol.id(), true);
        Browser browser = fixture.browser();

        Browser.Response callback = fixture.signIn(browser, "carol@example.test", "Carol", "/");

        assertThat(callback.status()).isEqualTo(403);
        assertThat(callback.body()).contains("Your account is disabled; contact the data team.");
        assertThat(callback.setCookie("dw_session")).isEmpty();
        assertThat(browser.get(fixture.rootUrl("/")).status()).isEqualTo(401);
        assertThat(auditActions(carol.id())).containsExactly("user.sign_in_refused");
        assertThat(fixture.db.jdbc().queryOne("SELECT count(*) FROM sessions WHERE user_id = ?",
                rs -> rs.getInt(1), carol.id())).contains(0);
    }

    @Test
    void shouldLinkTheSubjectToAUserCreatedBeforeTheirFirstSignIn() {
        User dave = users.create("dave@example.test", "Dave", null, false);
        Browser browser = fixture.browser();

        assertThat(fixture.signIn(browser, "Dave@Example.test", "Dave D", "/").status()).isEqualTo(302);

        User after = users.find(dave.id()).orElseThrow();
        assertThat(after.subject()).isEqualTo("Dave@Example.test");
        assertThat(after.name()).isEqualTo("Dave D");
        assertThat(browser.get(fixture.rootUrl("/")).body()).isEqualTo("home of dave@example.test");
    }

    @Test
    void shouldRefuseAnEmailAlreadyLinkedToAnotherSubject() {
        users.create("erin@example.test", "Erin", "some-other-subject", false);
        Browser browser = fixture.browser();

        Browser.Response callback = fixture.signIn(browser, "erin@example.test", "Erin", "/");

        assertThat(callback.status()).isEqualTo(403);
        assertThat(callback.setCookie("dw_session")).isEmpty();
    }

    @Test
    void shouldMakeBootstrapAdminsAdmins() {
        Browser browser = fixture.browser();
        assertThat(fixture.signIn(browser, "boss@example.test", "Boss", "/").status()).isEqualTo(302);
        assertThat(users.findByEmail("boss@example.test").orElseThrow().admin()).isTrue();
    }

    @Test
    void shouldShowTheProvidersRefusal() {
        Browser.Response response = fixture.browser()
                .get(fixture.rootUrl("/auth/callback?error=access_denied&error_description=%3Cb%3Enope"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("&lt;b&gt;nope").doesNotContain("<b>nope");
    }

    @Test
    void shouldSkipTheProviderWhenAlreadySignedIn() {
        Browser browser = fixture.browser();
        fixture.signIn(browser, "frank@example.test", "Frank", "/");
        Browser.Response login = browser.get(fixture.rootUrl("/auth/login?next=%2Fsomewhere"));
        assertThat(login.status()).isEqualTo(302);
        assertThat(login.location()).isEqualTo(fixture.rootUrl("/somewhere"));
    }

    /** Changes the stored sign-in attempt the callback URL's state refers to (and checks there is one). */
    private static void updateAttempt(String callbackUrl, String assignment) {
        String state = java.net.URLDecoder.decode(callbackUrl.replaceAll(".*[?&]state=([^&]*).*", "$1"),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(fixture.db.jdbc().update("UPDATE sign_in_attempts SET " + assignment + " WHERE state_hash = ?",
                (Object) io.dataworkspace.proxy.session.Tokens.sha256(state))).isEqualTo(1);
    }

    private static List<String> auditActions(String userId) {
        return fixture.db.jdbc().query("SELECT action FROM audit_events WHERE actor_user_id = ? ORDER BY id",
                rs -> rs.getString(1), userId);
    }
}
