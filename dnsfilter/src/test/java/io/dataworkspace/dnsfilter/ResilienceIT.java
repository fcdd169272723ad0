package io.dataworkspace.dnsfilter;

import io.dataworkspace.dnsfilter.testing.Dig;
import io.dataworkspace.dnsfilter.testing.Dnsmasq;
import io.dataworkspace.dnsfilter.testing.RunningFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Upstream down, rules reloads (good and bad), query rate limit, TCP limits. */
class ResilienceIT {

    static final String RULES = """
            rules:
              - allow: hub.example.test
              - deny: "*"
            """;

    @TempDir
    static Path dir;
    static Dnsmasq upstream;

    @BeforeAll
    static void start() throws Exception {
        upstream = Dnsmasq.start("--host-record=hub.example.test,10.0.0.1", "--host-record=new.example.test,10.0.0.2");
    }

    @AfterAll
    static void stop() throws Exception {
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void shouldAnswerServfailPromptlyWhenTheUpstreamIsDown() throws Exception {
        InetSocketAddress dead = Dnsmasq.deadAddress();
        Path d = Files.createDirectories(dir.resolve("down"));
        try (RunningFilter f = RunningFilter.start(d, RULES, "127.0.0.1:" + dead.getPort(),
                Map.of("DNSFILTER_DENY_RCODE", "NXDOMAIN", "DNSFILTER_HEALTH_NAME", "hub.example.test"))) {
            long t0 = System.nanoTime();
            Dig dig = f.dig("hub.example.test", "A");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(dig.status()).isEqualTo("SERVFAIL");
            assertThat(ms).as("2 attempts of 400 ms, plus dig's own start").isLessThan(1900);
            assertThat(f.dig("evil.example.com", "A").status()).as("configured deny rcode").isEqualTo("NXDOMAIN");
            assertThat(f.queries("servfail", "timeout")).isEqualTo(1);
            var health = f.get("/healthz");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("unhealthy").contains("timeout");
        }
    }

    @Test
    void shouldKeepTheOldRulesWhenTheNewFileIsBadAndApplyAGoodOne() throws Exception {
        Path d = Files.createDirectories(dir.resolve("reload"));
        try (RunningFilter f = RunningFilter.start(d, RULES, upstream.address(), Map.of())) {
            assertThat(f.dig("new.example.test", "A").status()).isEqualTo("REFUSED");

            Files.writeString(f.rulesFile(), """
                    rules:
                      - allow: new.example.test
                      - allow: hub.example.test
                        types: [A, BOGUS]
                    """);
            f.filter().reloadRules();
            assertThat(metric(f, "dataworkspace_dnsfilter_rules_reloads_total{result=\"rejected\"}")).isEqualTo(1);
            assertThat(f.dig("hub.example.test", "A").data("A")).containsExactly("10.0.0.1");
            assertThat(f.dig("new.example.test", "A").status()).isEqualTo("REFUSED");

            Files.writeString(f.rulesFile(), """
                    rules:
                      - allow: [new.example.test, hub.example.test]
                      - deny: "*"
                    """);
            // picked up by the file poll, no signal needed
            waitFor(() -> "NOERROR".equals(f.dig("new.example.test", "A").status()));
            assertThat(f.dig("new.example.test", "A").data("A")).containsExactly("10.0.0.2");
        }
    }

    @Test
    void shouldLimitTheQueryRatePerClient() throws Exception {
        Path d = Files.createDirectories(dir.resolve("rate"));
        try (RunningFilter f = RunningFilter.start(d, RULES, upstream.address(),
                Map.of("DNSFILTER_CLIENT_QPS", "1", "DNSFILTER_CLIENT_BURST", "3"))) {
            List<String> statuses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                statuses.add(f.dig("hub.example.test", "A").status());
            }
            assertThat(statuses.subList(0, 3)).containsOnly("NOERROR");
            assertThat(statuses).contains("REFUSED");
            assertThat(f.queries("blocked", "rate")).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void shouldCloseIdleTcpConnectionsAndEnforceTheConnectionLimit() throws Exception {
        Path d = Files.createDirectories(dir.resolve("tcp"));
        try (RunningFilter f = RunningFilter.start(d, RULES, upstream.address(),
                Map.of("DNSFILTER_TCP_IDLE_TIMEOUT", "300ms", "DNSFILTER_TCP_MAX_CONNECTIONS", "2"))) {
            try (Socket idle = new Socket("127.0.0.1", f.port())) {
                idle.setSoTimeout(5000);
                long t0 = System.nanoTime();
                assertThat(idle.getInputStream().read()).as("closed by the server").isEqualTo(-1);
                assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(200L, 4000L);
            }
            List<Socket> open = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    open.add(new Socket("127.0.0.1", f.port()));
                }
                waitFor(() -> metricQuietly(f, "dataworkspace_dnsfilter_tcp_connections") == 2);
                try (Socket third = new Socket("127.0.0.1", f.port())) {
                    third.setSoTimeout(2000);
                    assertThat(readOrTimeout(third.getInputStream())).as("over the limit: closed at once").isEqualTo(-1);
                }
            } finally {
                for (Socket s : open) {
                    s.close();
                }
            }
        }
    }

    private static int readOrTimeout(InputStream in) throws Exception {
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            return -2;
        }
    }

    static double metric(RunningFilter f, String prefix) throws Exception {
        for (String line : f.get("/metrics").body().split("\n")) {
            if (line.startsWith(prefix + " ")) {
                return Double.parseDouble(line.substring(prefix.length()).trim());
            }
        }
        throw new AssertionError("no metric " + prefix);
    }

    static double metricQuietly(RunningFilter f, String prefix) {
        try {
            return metric(f, prefix);
        } catch (Exception e) {
            return -1;
        }
    }

    static void waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.onSpinWait();
        }
    }
}
