package io.dataworkspace.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.ControlPlane;
import io.dataworkspace.launcher.config.Env;
import io.dataworkspace.launcher.instance.Instance;
import io.dataworkspace.launcher.instance.Phase;
import io.dataworkspace.launcher.testing.Poll;
import io.dataworkspace.proxy.testing.Browser;
import io.dataworkspace.proxy.testing.PlatformFixture;
import io.dataworkspace.server.NetworkTransport;
import io.dataworkspace.server.Role;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy with everything real behind it: sign-in, sessions, spawning, routing and forwarding to a tool. */
class ProxyIT {
    private static final Map<String, String> NAVIGATION = Map.of("Accept", "text/html", "Sec-Fetch-Mode", "navigate");
    private static final Map<String, String> XHR = Map.of("Accept", "application/json", "Sec-Fetch-Mode", "cors");

    @TempDir
    static Path dataDir;

    private static PlatformFixture platform;
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        platform = PlatformFixture.start(dataDir.resolve("platform"));
        vertx = NetworkTransport.vertx(Env.system(), new VertxOptions());
    }

    @AfterAll
    static void stop() throws Exception {
        platform.close();
        vertx.close();
    }

    private static ControlPlane core() {
        return platform.server().core();
    }

    /** Signs in and returns the user's id. */
    private static String signIn(Browser browser, String email) {
        browser.signIn(platform.origin(), email, email.substring(0, email.indexOf('@')));
        return core().users().findByEmail(email).orElseThrow().id();
    }

    /** Opens the user's echo tool as a browser would, until the tool itself answers; returns that response. */
    private static Browser.Response openEcho(Browser browser, String label) {
        List<Browser.Response> chain = browser.follow(browser.send("GET", platform.toolUrl(label, "/"), NAVIGATION), 6, NAVIGATION);
        Browser.Response last = chain.get(chain.size() - 1);
        assertThat(last.status()).isEqualTo(200);
        if (last.body().contains("Starting Echo")) {
            return Poll.until(Duration.ofSeconds(30), "the echo tool to answer", () -> {
                Browser.Response r = browser.send("GET", platform.toolUrl(label, "/"), NAVIGATION);
                return r.status() == 200 && r.body().startsWith("{") ? Optional.of(r) : Optional.empty();
            });
        }
        return last;
    }

    @Test
    void shouldForwardToTheOwnersToolWithOnlyTheProxysIdentityHeadersAndCookies() {
        Browser browser = new Browser(vertx);
        String alice = signIn(browser, "alice@example.test");
        String label = "echo-" + alice;
        openEcho(browser, label);

        browser.setCookie(label + ".localhost", "theme", "dark");
        Browser.Response echoed = browser.send("GET", platform.toolUrl(label, "/"), Map.of(
                "X-Workspace-User-Email", "mallory@example.test", "x-workspace-user-id", "mallory"));
        JsonObject headers = new JsonObject(echoed.body());
        assertThat(headers.getString("x-workspace-user-email")).isEqualTo("alice@example.test");
        assertThat(headers.getString("x-workspace-user-id")).isEqualTo(alice);
        assertThat(headers.getString("cookie")).isEqualTo("theme=dark");
        assertThat(headers.getString("x-forwarded-host")).startsWith(label + ".localhost:");
        // the tool sets no security headers of its own: the proxy's defaults are added
        assertThat(echoed.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(echoed.headers().get("Content-Security-Policy")).isEqualTo("frame-ancestors 'self'");
        assertThat(echoed.headers().get("Strict-Transport-Security")).isNull();
    }

    @Test
    void shouldRefuseAnotherUsersToolOverHttpAndWebSocketAndAuditIt() {
        Browser alice = new Browser(vertx);
        String aliceId = signIn(alice, "alice2@example.test");
        String label = "echo-" + aliceId;
        openEcho(alice, label);

        Browser bob = new Browser(vertx);
        String bobId = signIn(bob, "bob@example.test");
        List<Browser.Response> chain = bob.follow(bob.send("GET", platform.toolUrl(label, "/"), NAVIGATION), 6, NAVIGATION);
        Browser.Response refused = chain.get(chain.size() - 1);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("This tool belongs to someone else");

        Browser.Response webSocket = bob.send("GET", platform.toolUrl(label, "/api/kernels/x/channels"),
                Map.of("Upgrade", "websocket", "Connection", "Upgrade", "Sec-WebSocket-Version", "13",
                        "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="));
        assertThat(webSocket.status()).isEqualTo(403);

        Poll.until(Duration.ofSeconds(10), "the denial in the audit log", () -> !core().database().jdbc().query(
                "SELECT 1 FROM audit_events WHERE action = 'access.denied' AND actor_user_id = ? AND target = ?",
                rs -> 1, bobId, label).isEmpty());
    }

    @Test
    void shouldAnswerXhrToAToolThatIsNotRunningWith503AndStartNothing() {
        Browser browser = new Browser(vertx);
        String carol = signIn(browser, "carol@example.test");
        String label = "echo-" + carol;
        // a tool session first (navigation through the handoff), then stop the tool it started
        Instance started = openAndStop(browser, label);
        Browser.Response xhr = browser.send("GET", platform.toolUrl(label, "/api/status"), XHR);
        assertThat(xhr.status()).isEqualTo(503);
        assertThat(xhr.headers().get("Retry-After")).isEqualTo("5");
        assertThat(core().instances().findLive(label)).isEmpty();
        assertThat(started.phase()).isEqualTo(Phase.STOPPED);
    }

    @Test
    void shouldRedirectANavigationWithoutSessionToSignInAndRefuseXhr() {
        Browser browser = new Browser(vertx);
        Browser.Response navigation = browser.send("GET", platform.toolUrl("echo-nobody12", "/lab"), NAVIGATION);
        assertThat(navigation.status()).isEqualTo(302);
        assertThat(navigation.location()).startsWith(platform.origin() + "/auth/handoff?host=");
        assertThat(browser.send("GET", platform.toolUrl("echo-nobody12", "/api"), XHR).status()).isEqualTo(401);
    }

    @Test
    void shouldAnswerHealthAndMetricsForAnyHostButNothingElse() {
        Browser probe = new Browser(vertx);
        String byIp = "http://127.0.0.1:" + platform.port();
        Browser.Response health = probe.get(byIp + "/healthz");
        assertThat(health.status()).isEqualTo(200);
        assertThat(new JsonObject(health.body()).getString("database")).isEqualTo("ok");
        Browser.Response metrics = probe.get(byIp + "/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("dataworkspace_proxy_requests_total");
        String transport = Transport.IO_URING.available() ? "io_uring" : Transport.EPOLL.available() ? "epoll" : "nio";
        assertThat(metrics.body()).as("the transport the server runs on, not Vert.x's NIO default")
                .contains("dataworkspace_network_transport_info{transport=\"" + transport + "\"} 1");
        assertThat(probe.get(byIp + "/").status()).isEqualTo(404);
        assertThat(probe.get(byIp + "/api/v1/tools").status()).isEqualTo(404);
    }

    @Test
    void shouldServeTheSameSessionAndRoutesFromASecondProxyReplica() throws Exception {
        Browser browser = new Browser(vertx);
        String dave = signIn(browser, "dave@example.test");
        String label = "echo-" + dave;
        openEcho(browser, label);
        try (PlatformFixture replica = platform.replica(EnumSet.of(Role.PROXY))) {
            assertThat(replica.server().proxy().orElseThrow().routes().find(label)).isNotNull();
            Browser.Response viaReplica = browser.sendVia(replica.port(), "GET", platform.toolUrl(label, "/"),
                    Map.of());
            assertThat(viaReplica.status()).isEqualTo(200);
            assertThat(new JsonObject(viaReplica.body()).getString("x-workspace-user-email"))
                    .isEqualTo("dave@example.test");
            Browser.Response home = browser.sendVia(replica.port(), "GET", platform.origin() + "/", NAVIGATION);
            assertThat(home.status()).isEqualTo(200);
            assertThat(home.body()).contains("dave@example.test");
        }
    }

    @Test
    void shouldReportTrafficAsActivityForTheCuller() {
        Browser browser = new Browser(vertx);
        String erin = signIn(browser, "erin@example.test");
        String label = "echo-" + erin;
        openEcho(browser, label);
        Instance instance = core().instances().findLive(label).orElseThrow();
        browser.send("GET", platform.toolUrl(label, "/again"), Map.of());
        ProxyServer proxy = platform.server().proxy().orElseThrow();
        proxy.routes().reportActivity(core().activity());
        core().activity().flush();
        assertThat(core().instances().find(instance.id()).orElseThrow().lastActivityAt()).isNotNull();
    }

    private static Instance openAndStop(Browser browser, String label) {
        openEcho(browser, label);
        Instance live = core().instances().findLive(label).orElseThrow();
        core().spawns().requestStop(live, "test", null, null);
        return Poll.until(Duration.ofSeconds(30), "the tool to stop",
                () -> core().instances().find(live.id()).filter(i -> i.phase() == Phase.STOPPED));
    }
}
