package io.dataworkspace.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.ControlPlane;
import io.dataworkspace.launcher.config.Env;
import io.dataworkspace.launcher.config.LauncherConfig;
import io.dataworkspace.launcher.instance.Endpoint;
import io.dataworkspace.launcher.instance.HostNames;
import io.dataworkspace.launcher.instance.Instance;
import io.dataworkspace.launcher.instance.InstanceState;
import io.dataworkspace.launcher.instance.Phase;
import io.dataworkspace.launcher.testing.Poll;
import io.dataworkspace.launcher.testing.TestPostgres;
import io.dataworkspace.launcher.user.User;
import io.dataworkspace.proxy.ProxyServer;
import io.dataworkspace.proxy.sso.PublicOrigin;
import io.dataworkspace.server.NetworkTransport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3: "An expired session must not break a running tool's open WebSocket; the next navigation re-authenticates."
 * The real {@link ProxyServer} on a real PostgreSQL, a real WebSocket echo tool, and a tool-host session obtained
 * through the real handoff. The session is then expired (or revoked) in the database while a kernel-style WebSocket
 * is open through the tool host.
 */
class ExpiredSessionWebSocketIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    private Vertx vertx;
    private ControlPlane core;
    private ProxyServer proxy;
    private JdbcSessionStore sessions;
    private HttpClient http;
    private WebSocketClient webSockets;
    private Session root;
    private String toolHost;
    private String toolCookie;

    @BeforeEach
    void start() throws Exception {
        vertx = NetworkTransport.vertx(Env.system(), new VertxOptions());
        HttpServer tool = vertx.createHttpServer()
                .webSocketHandler(ws -> ws.textMessageHandler(msg -> ws.writeTextMessage("echo:" + msg)))
                .requestHandler(req -> req.response().end("the tool's page"));
        int toolPort = tool.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();

        Map<String, String> settings = new HashMap<>();
        settings.put("DATA_DIR", dataDir.toString());
        settings.put("DATABASE_URL", TestPostgres.newDatabaseUrl());
        settings.put("DATABASE_USER", "postgres");
        settings.put("PROXY_PORT", "0");
        settings.put("LAUNCHER_API_PORT", "0");
        settings.put("SESSION_CACHE_TTL", "1s");
        Env env = new Env(settings);
        core = ControlPlane.open(LauncherConfig.fromEnv(env), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        User user = core.users().create("ada@example.test", "Ada", "subject-ada", false);
        String label = HostNames.toolHost("jupyter", user.id());
        Instance queued = core.instances().enqueue(label, user.id(), "jupyter", "local").instance();
        core.instances().claimNext("test").orElseThrow();
        core.instances().transition(queued.id(), Phase.STARTING,
                new InstanceState.Running(new Endpoint("127.0.0.1", toolPort)), null).orElseThrow();

        proxy = ProxyServer.start(core, vertx, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), env);
        PublicOrigin origin = proxy.origin();
        toolHost = origin.toolAuthority(label);
        sessions = new JdbcSessionStore(vertx, core.database().jdbc(), SessionConfig.fromEnv(env));
        String rootToken = sessions.create(user.id(), "127.0.0.1");
        root = sessions.resolve(rootToken, null).await(10, TimeUnit.SECONDS).orElseThrow();
        String canonical = origin.canonicalToolHost(toolHost).orElseThrow();
        toolCookie = SessionCookies.TOOL + "="
                + sessions.redeemHandoff(sessions.mintHandoff(root, canonical), canonical).orElseThrow();
        http = vertx.createHttpClient();
        webSockets = vertx.createWebSocketClient();
    }

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (sessions != null) {
            sessions.close();
        }
        if (core != null) {
            core.close();
        }
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldKeepAnOpenWebSocketWhenTheSessionExpiresAndSendTheNextNavigationToSignIn() throws Exception {
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocket kernel = openWebSocket(received);
        assertThat(roundTrip(kernel, received, "before")).isEqualTo("echo:before");
        assertThat(navigate().statusCode()).isEqualTo(200);

        // the session's absolute maximum passes (for the tool session and its root)
        core.database().jdbc().update("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = ? "
                + "OR parent_id = ?", java.util.UUID.fromString(root.id()), java.util.UUID.fromString(root.id()));

        HttpClientResponse next = Poll.until(WAIT, "the proxy to notice the expired session", () -> {
            HttpClientResponse r = navigate();
            return r.statusCode() == 302 ? Optional.of(r) : Optional.empty();
        });
        // the handoff on the root host: with the root session gone too, the root host sends the user to sign in
        assertThat(next.getHeader("Location")).startsWith(proxy.origin().url() + "/auth/handoff?host=");

        // the tunnel opened before expiry still carries frames both ways
        assertThat(kernel.isClosed()).isFalse();
        assertThat(roundTrip(kernel, received, "after expiry")).isEqualTo("echo:after expiry");
        // a new WebSocket with the expired cookie is refused (non-navigations get 401, not a redirect)
        assertThat(refusedUpgradeStatus()).isEqualTo(401);
        kernel.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldKeepAnOpenWebSocketWhenTheUserSignsOutElsewhere() throws Exception {
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocket kernel = openWebSocket(received);
        assertThat(roundTrip(kernel, received, "before")).isEqualTo("echo:before");

        sessions.revoke(root); // sign-out: the root and every tool session it handed off

        Poll.until(WAIT, "the proxy to notice the revoked session",
                () -> navigate().statusCode() == 302 ? Optional.of(true) : Optional.empty());
        assertThat(roundTrip(kernel, received, "still here")).isEqualTo("echo:still here");
        kernel.close().await(10, TimeUnit.SECONDS);
    }

    private WebSocket openWebSocket(LinkedBlockingQueue<String> received) throws Exception {
        WebSocket ws = webSockets.connect(webSocketOptions()).await(10, TimeUnit.SECONDS);
        ws.textMessageHandler(received::add);
        return ws;
    }

    private WebSocketConnectOptions webSocketOptions() {
        // connect to the proxy's address, present the tool host as a browser does (the Host header)
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost("127.0.0.1").setPort(proxy.port()).setURI("/api/kernels/k1/channels");
        options.addHeader("Host", toolHost);
        options.addHeader("Cookie", toolCookie);
        return options;
    }

    private static String roundTrip(WebSocket ws, LinkedBlockingQueue<String> received, String message)
            throws Exception {
        ws.writeTextMessage(message).await(10, TimeUnit.SECONDS);
        String answer = received.poll(10, TimeUnit.SECONDS);
        assertThat(answer).as("echo of '%s' through the proxy", message).isNotNull();
        return answer;
    }

    /** A plain GET navigation on the tool host with the tool cookie, redirects not followed. */
    private HttpClientResponse navigate() {
        HostAndPortParts target = new HostAndPortParts(toolHost);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setServer(SocketAddress.inetSocketAddress(proxy.port(), "127.0.0.1"))
                .setHost(target.host).setPort(target.port).setURI("/lab").setFollowRedirects(false)
                .addHeader("Cookie", toolCookie).addHeader("Accept", "text/html")
                .addHeader("Sec-Fetch-Mode", "navigate");
        try {
            return http.request(options).compose(req -> req.send().compose(r -> r.body().map(b -> r)))
                    .await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("GET /lab on " + toolHost + " failed: " + e, e);
        }
    }

    private int refusedUpgradeStatus() {
        Future<WebSocket> attempt = webSockets.connect(webSocketOptions());
        try {
            WebSocket unexpected = attempt.await(10, TimeUnit.SECONDS);
            unexpected.close();
            return 101;
        } catch (UpgradeRejectedException e) {
            return e.getStatus();
        } catch (Exception e) {
            throw new AssertionError("WebSocket attempt failed unexpectedly: " + e, e);
        }
    }

    /** {@code name.localhost:1234} split for {@link RequestOptions#setHost} and {@link RequestOptions#setPort}. */
    private record HostAndPortParts(String host, int port) {
        HostAndPortParts(String authority) {
            this(authority.substring(0, authority.lastIndexOf(':')),
                    Integer.parseInt(authority.substring(authority.lastIndexOf(':') + 1)));
        }
    }
}
