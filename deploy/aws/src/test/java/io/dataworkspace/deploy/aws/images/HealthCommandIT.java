package io.dataworkspace.deploy.aws.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the health command the way ECS's CMD-SHELL does ({@code /bin/sh -c}) against a real HTTP server. */
class HealthCommandIT {
    private HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/healthz", exchange -> {
            byte[] body = "{\"status\":\"ok\"}".getBytes();
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static int sh(String command) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("health command finished").isTrue();
        return p.exitValue();
    }

    @Test
    void shouldSucceedOnlyWhenHealthzAnswers200() throws Exception {
        String command = HealthCommand.http(server.getAddress().getPort(), "/healthz");
        assertThat(sh(command)).isZero();
        status.set(503);
        assertThat(sh(command)).isNotZero();
    }

    @Test
    void shouldFailWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThat(sh(HealthCommand.http(port, "/healthz"))).isNotZero();
    }

    @Test
    void shouldRejectValuesItCannotQuoteSafely() {
        assertThatThrownBy(() -> HealthCommand.http(0, "/healthz")).hasMessageContaining("port: 0");
        assertThatThrownBy(() -> HealthCommand.http(8082, "/x'; rm -rf /")).hasMessageContaining("path:");
    }
}
