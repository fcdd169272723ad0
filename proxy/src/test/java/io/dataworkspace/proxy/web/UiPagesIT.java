package io.dataworkspace.proxy.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.proxy.testing.Browser;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web UI over plain HTTP: page shells, admin-only pages, static modules, escaping, visualisation refusals. */
class UiPagesIT {
    private static final Map<String, String> NAVIGATION = Map.of("Sec-Fetch-Mode", "navigate", "Accept", "text/html");

    @TempDir
    static Path dataDir;

    private static UiFixture platform;
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        platform = UiFixture.start(dataDir);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
        if (vertx != null) {
            vertx.close().await();
        }
    }

    private static Browser signedIn(String email, String name) {
        Browser browser = new Browser(vertx);
        browser.signIn(platform.origin(), email, name);
        return browser;
    }

    @Test
    void shouldRefuseAdminPagesToUsersWhoAreNotAdmins() {
        Browser user = signedIn("uma@example.test", "Uma");
        for (String path : List.of("/admin", "/admin/users", "/admin/audit")) {
            Browser.Response page = user.send("GET", platform.origin() + path, NAVIGATION);
            assertThat(page.status()).as(path).isEqualTo(403);
            assertThat(page.body()).contains("Administrators only").doesNotContain("/static/admin/");
        }
        Browser.Response home = user.send("GET", platform.origin() + "/", NAVIGATION);
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains("uma@example.test", "/static/home.js").doesNotContain("href=\"/admin\"");
    }

    @Test
    void shouldServeAdminPagesToAdmins() {
        Browser admin = signedIn(UiFixture.ADMIN, "Ada Admin");
        Browser.Response users = admin.send("GET", platform.origin() + "/admin/users", NAVIGATION);
        assertThat(users.status()).isEqualTo(200);
        assertThat(users.headers().get("Content-Security-Policy")).isEqualTo(AppShell.CSP);
        // same-origin, not no-referrer: browsers then send our Origin (not "null") with the sign-out form
        assertThat(users.headers().get("Referrer-Policy")).isEqualTo("same-origin");
        assertThat(users.body()).contains("/static/admin/users.js", "aria-current=\"page\"", "Audit log");
        assertThat(admin.send("GET", platform.origin() + "/admin/nothing", NAVIGATION).status()).isEqualTo(404);
    }

    @Test
    void shouldRenderAHostileDisplayNameInert() {
        Browser mallory = signedIn("mallory@example.test", "<script>alert(1)</script><img src=x onerror=alert(2)>");
        Browser.Response home = mallory.send("GET", platform.origin() + "/", NAVIGATION);
        assertThat(home.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;")
                .doesNotContain("<script>alert", "<img src=x");
        assertThat(home.headers().get("Content-Security-Policy")).contains("script-src 'self'")
                .doesNotContain("unsafe-inline'; connect", "'unsafe-eval'");
    }

    @Test
    void shouldServeStaticModulesToAnyoneButNothingElse() {
        Browser anonymous = new Browser(vertx);
        Browser.Response module = anonymous.get(platform.origin() + "/static/home.js");
        assertThat(module.status()).isEqualTo(200);
        assertThat(module.headers().get("Content-Type")).startsWith("text/javascript");
        assertThat(module.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(module.body()).contains("/me");
        assertThat(anonymous.get(platform.origin() + "/static/admin/users.js").status()).isEqualTo(200);
        assertThat(anonymous.get(platform.origin() + "/static/nothing.js").status()).isEqualTo(404);
        assertThat(anonymous.get(platform.origin() + "/static/..%2Fdev-login.html").status()).isIn(401, 404);
        assertThat(anonymous.get(platform.origin() + "/static/logback.xml").status()).isEqualTo(404);
    }

    @Test
    void shouldRefuseStateChangesFromOtherOrigins() {
        Browser user = signedIn("olga@example.test", "Olga");
        Browser.Response forged = user.send("POST", platform.origin() + "/api/v1/access-requests",
                Map.of("Origin", "https://evil.example", "Content-Type", "application/json"));
        assertThat(forged.status()).isEqualTo(403);
    }

    @Test
    void shouldRefuseAVisualisationToUsersWhoAreNotItsViewers() {
        Browser user = signedIn("nina@example.test", "Nina");
        List<Browser.Response> chain = user.follow(user.send("GET", platform.hostUrl("charts", "/"), NAVIGATION), 6,
                NAVIGATION);
        Browser.Response last = chain.get(chain.size() - 1);
        assertThat(last.status()).isEqualTo(403);
        assertThat(last.body()).contains("has not been shared with you");
        String nina = platform.user("nina@example.test").id();
        Eventually.until(Duration.ofSeconds(10), "the denial to be audited", () -> platform.jdbc().queryOne(
                "SELECT count(*) FROM audit_events WHERE actor_user_id = ? AND action = 'access.denied' "
                        + "AND target = 'charts'", rs -> rs.getLong(1), nina).filter(n -> n > 0));
        assertThat(platform.core().instances().findLive("charts")).isEmpty();

        List<Browser.Response> unknown = user.follow(user.send("GET", platform.hostUrl("nosuch", "/"), NAVIGATION),
                6, NAVIGATION);
        assertThat(unknown.get(unknown.size() - 1).status()).isEqualTo(404);
    }
}
