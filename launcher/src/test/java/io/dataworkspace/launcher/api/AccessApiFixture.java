package io.dataworkspace.launcher.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.Launcher;
import io.dataworkspace.launcher.db.Jdbc;
import io.dataworkspace.launcher.testing.TestLauncher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real launcher (embedded PostgreSQL, local backend) plus a second HTTP server, on port 0, that mounts the same
 * {@code /api/v1} with signed-in users instead of the bootstrap token: the {@code X-Test-User} header names the
 * user, as a session cookie does on the proxy's root host. Every call goes through HTTP.
 */
final class AccessApiFixture implements AutoCloseable {
    static final String USER_HEADER = "X-Test-User";

    private final TestLauncher launcher;
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private AccessApiFixture(Path dataDir, Map<String, String> env, java.util.function.BiConsumer<Router, Jdbc> extra)
            throws Exception {
        this.launcher = TestLauncher.start(dataDir, env);
        Launcher l = launcher.launcher();
        LauncherApi api = new LauncherApi(l.core(),
                (io.micrometer.prometheusmetrics.PrometheusMeterRegistry) l.metrics().registry());
        Router router = Router.router(vertx);
        // The user lookup below is asynchronous, as the proxy's session lookup is: hold the body until BodyHandler.
        router.route().handler(ctx -> {
            ctx.request().pause();
            ctx.next();
        });
        api.mount(router, ctx -> {
            String id = ctx.request().getHeader(USER_HEADER);
            if (id == null) {
                return Future.succeededFuture(Optional.empty());
            }
            return vertx.executeBlocking(() -> l.users().find(id).filter(u -> !u.disabled())
                    .map(u -> new Principal(u.id(), u.admin())));
        }, request -> "192.0.2.7");
        extra.accept(router, l.database().jdbc());
        this.server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(30,
                TimeUnit.SECONDS);
    }

    static AccessApiFixture start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    static AccessApiFixture start(Path dataDir, Map<String, String> env) {
        try {
            return new AccessApiFixture(dataDir, env, (router, jdbc) -> { });
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the access API fixture: " + e.getMessage(), e);
        }
    }

    /** With {@code extra} routes on the user-facing server (the benchmark's OFFSET baseline). */
    static AccessApiFixture start(Path dataDir, java.util.function.BiConsumer<Router, Jdbc> extra) {
        try {
            return new AccessApiFixture(dataDir, Map.of(), extra);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the access API fixture: " + e.getMessage(), e);
        }
    }

    Launcher launcher() {
        return launcher.launcher();
    }

    Jdbc jdbc() {
        return launcher.launcher().database().jdbc();
    }

    /** A new user (through the API, as the bootstrap token); returns its id. */
    String newUser(String name, boolean admin) {
        Reply reply = bootstrap().post("/api/v1/users", new JsonObject()
                .put("email", name.toLowerCase().replace(' ', '.') + "-" + UUID.randomUUID() + "@example.test")
                .put("name", name).put("admin", admin));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().getString("id");
    }

    /** Calls as a signed-in user. */
    Client as(String userId) {
        return new Client(server.actualPort(), USER_HEADER, userId);
    }

    /** Calls with the bootstrap token on the launcher's own port. */
    Client bootstrap() {
        return new Client(launcher.launcher().apiPort(), "Authorization", "Bearer " + TestLauncher.TOKEN);
    }

    /** A reply: status, content type and body. */
    record Reply(int status, String contentType, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }

        String error() {
            return json().getString("error");
        }
    }

    /** An HTTP client for one caller. */
    final class Client {
        private final int port;
        private final String header;
        private final String value;

        Client(int port, String header, String value) {
            this.port = port;
            this.header = header;
            this.value = value;
        }

        Reply get(String path) {
            return send("GET", path, null);
        }

        Reply post(String path, JsonObject body) {
            return send("POST", path, body == null ? null : body.encode());
        }

        Reply patch(String path, JsonObject body) {
            return send("PATCH", path, body.encode());
        }

        Reply put(String path) {
            return send("PUT", path, null);
        }

        Reply delete(String path) {
            return send("DELETE", path, null);
        }

        Reply send(String method, String path, String body) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30)).header(header, value)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                builder.header("Content-Type", "application/json");
            }
            try {
                HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                        response.body());
            } catch (IOException e) {
                throw new IllegalStateException("request failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close().await(10, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the fixture's server did not close", e);
        } finally {
            launcher.close();
        }
    }
}
