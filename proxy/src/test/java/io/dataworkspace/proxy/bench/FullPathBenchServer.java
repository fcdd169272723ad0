package io.dataworkspace.proxy.bench;

import io.dataworkspace.launcher.ControlPlane;
import io.dataworkspace.launcher.config.Env;
import io.dataworkspace.launcher.config.LauncherConfig;
import io.dataworkspace.launcher.instance.Endpoint;
import io.dataworkspace.launcher.instance.HostNames;
import io.dataworkspace.launcher.instance.Instance;
import io.dataworkspace.launcher.instance.InstanceState;
import io.dataworkspace.launcher.instance.Phase;
import io.dataworkspace.launcher.testing.TestPostgres;
import io.dataworkspace.launcher.user.User;
import io.dataworkspace.proxy.ProxyServer;
import io.dataworkspace.proxy.session.JdbcSessionStore;
import io.dataworkspace.proxy.session.Session;
import io.dataworkspace.proxy.session.SessionConfig;
import io.dataworkspace.proxy.session.SessionCookies;
import io.dataworkspace.server.NetworkTransport;
import io.dataworkspace.proxy.sso.PublicOrigin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real proxy server path for the peer harness, {@code bench/proxy/full-path.sh}: the production
 * {@link ProxyServer} (host classification, access log stage, tool-host session from the real session store, owner
 * check, {@code RouteCache} lookup, forwarding) on an embedded PostgreSQL, with one signed-in user and two RUNNING
 * instances whose endpoints are the harness's backends: {@code jupyter-<id>} → {@code 127.0.0.1:<httpPort>} (static
 * files) and {@code jupyterlab-<id>} → {@code 127.0.0.1:<wsPort>} (WebSocket echo). Nothing is faked on the request
 * path: the tool-host cookies come from a real root session through the real handoff (mint + redeem).
 *
 * <p>Everything is set up before the port opens, then {@code <infoFile>} is written (atomically) with the
 * {@code Host} and {@code Cookie} each kind of client must send:
 * <pre>
 * HTTP_HOST=jupyter-&lt;id&gt;.localhost:8090
 * HTTP_COOKIE=dw_tool_session=…
 * WS_HOST=jupyterlab-&lt;id&gt;.localhost:8090
 * WS_COOKIE=dw_tool_session=…
 * </pre>
 * Not a test: surefire only runs *Test and *IT.
 *
 * <p>Usage: {@code FullPathBenchServer <port> <httpPort> <wsPort> <infoFile>}; environment: {@code BENCH_EVENT_LOOPS}
 * (default 1: the harness pins servers to one core), any platform setting (e.g. {@code SESSION_CACHE_TTL}).
 */
public final class FullPathBenchServer {

    private FullPathBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: FullPathBenchServer <port> <httpPort> <wsPort> <infoFile>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int httpPort = Integer.parseInt(args[1]);
        int wsPort = Integer.parseInt(args[2]);
        Path infoFile = Path.of(args[3]);
        Files.deleteIfExists(infoFile);

        Path dataDir = Files.createTempDirectory("full-path-bench");
        Map<String, String> settings = new HashMap<>(System.getenv());
        settings.put("DATA_DIR", dataDir.toString());
        settings.put("DATABASE_URL", TestPostgres.newDatabaseUrl());
        settings.put("DATABASE_USER", "postgres");
        settings.put("PROXY_HOST", "127.0.0.1");
        settings.put("PROXY_PORT", Integer.toString(port));
        settings.put("PUBLIC_URL", "http://localhost:" + port);
        settings.put("LAUNCHER_API_PORT", "0");
        Env env = new Env(settings);

        int loops = Integer.parseInt(settings.getOrDefault("BENCH_EVENT_LOOPS", "1"));
        Vertx vertx = NetworkTransport.vertx(env, new VertxOptions().setEventLoopPoolSize(loops));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ControlPlane core = ControlPlane.open(LauncherConfig.fromEnv(env), registry);

        User alice = core.users().create("alice@example.test", "Alice Example", "bench-alice", false);
        String httpLabel = running(core, "jupyter", alice.id(), httpPort);
        String wsLabel = running(core, "jupyterlab", alice.id(), wsPort);

        PublicOrigin origin = new PublicOrigin("http", "localhost", port);
        JdbcSessionStore sessions = new JdbcSessionStore(vertx, core.database().jdbc(), SessionConfig.fromEnv(env));
        String rootToken = sessions.create(alice.id(), "127.0.0.1");
        Session root = sessions.resolve(rootToken, null).await(10, TimeUnit.SECONDS).orElseThrow();
        String httpCookie = toolCookie(sessions, root, origin, httpLabel);
        String wsCookie = toolCookie(sessions, root, origin, wsLabel);
        sessions.close();

        ProxyServer proxy = ProxyServer.start(core, vertx, registry, env);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            proxy.close();
            core.close();
            vertx.close();
        }, "bench-shutdown"));

        String info = "HTTP_HOST=" + origin.toolAuthority(httpLabel) + "\n"
                + "HTTP_COOKIE=" + httpCookie + "\n"
                + "WS_HOST=" + origin.toolAuthority(wsLabel) + "\n"
                + "WS_COOKIE=" + wsCookie + "\n";
        Path tmp = infoFile.resolveSibling(infoFile.getFileName() + ".tmp");
        Files.writeString(tmp, info);
        Files.move(tmp, infoFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("full-path bench server on 127.0.0.1:" + proxy.port() + " transport="
                + (vertx.isNativeTransportEnabled() ? "native" : "nio") + " event loops=" + loops
                + "; routes: " + proxy.routes().size() + "; client settings in " + infoFile);
        System.out.print(info);
    }

    /** Queues, claims and marks RUNNING an instance of {@code tool} for the user at {@code 127.0.0.1:port}. */
    private static String running(ControlPlane core, String tool, String userId, int port) {
        String label = HostNames.toolHost(tool, userId);
        Instance queued = core.instances().enqueue(label, userId, tool, "local").instance();
        Instance starting = core.instances().claimNext("bench").orElseThrow();
        if (!starting.id().equals(queued.id())) {
            throw new IllegalStateException("claimed another instance than " + label);
        }
        core.instances().transition(starting.id(), Phase.STARTING,
                new InstanceState.Running(new Endpoint("127.0.0.1", port)), null).orElseThrow();
        return label;
    }

    /** A tool-host cookie as a browser gets it: a handoff token minted on the root session, redeemed on the host. */
    private static String toolCookie(JdbcSessionStore sessions, Session root, PublicOrigin origin, String label)
            throws IOException {
        String host = origin.canonicalToolHost(origin.toolAuthority(label)).orElseThrow();
        String handoff = sessions.mintHandoff(root, host);
        String token = sessions.redeemHandoff(handoff, host)
                .orElseThrow(() -> new IOException("handoff for " + host + " was refused"));
        return SessionCookies.TOOL + "=" + token;
    }
}
