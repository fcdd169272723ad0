package io.dataworkspace.dnsfilter;

import io.dataworkspace.dnsfilter.testing.Dig;
import io.dataworkspace.dnsfilter.testing.Dnsmasq;
import io.dataworkspace.dnsfilter.testing.RunningFilter;
import io.vertx.core.Vertx;
import io.vertx.core.dns.DnsClient;
import io.vertx.core.dns.DnsClientOptions;
import io.vertx.core.dns.DnsException;
import io.vertx.core.dns.DnsResponseCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The filter against real clients (dig, the Vert.x DNS client) and a real upstream (dnsmasq). */
class DnsFilterIT {

    static final String RULES = """
            rules:
              - allow: hub.example.test
                types: [A]
              - allow: ["*.amazonaws.com", amazonaws.com]
              - static: time.aws.com
                a: [169.254.169.123]
                ttl: 3600
              - rewrite: '(.+)\\.corp\\.example'
                to: '$1.internal.test'
              - allow: ["*.cdn.example.test", big.example.test, "*.nx.example.test"]
              - deny: "*.blocked.example.test"
              - deny: "*"
            """;

    @TempDir
    static Path dir;
    static Dnsmasq upstream;
    static RunningFilter filter;
    static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        List<String> data = new ArrayList<>(List.of(
                "--host-record=hub.example.test,10.0.0.1",
                "--txt-record=hub.example.test,secret",
                "--address=/amazonaws.com/10.1.1.1",
                "--host-record=db.internal.test,10.9.9.9",
                "--host-record=evil.example.com,6.6.6.6",
                "--cname=www.cdn.example.test,evil.example.com",
                "--cname=ok.cdn.example.test,hub.example.test",
                "--address=/nx.example.test/"));
        for (int i = 1; i <= 30; i++) {
            data.add("--host-record=big.example.test,10.2.0." + i);
        }
        upstream = Dnsmasq.start(data.toArray(String[]::new));
        filter = RunningFilter.start(dir, RULES, upstream.address(), Map.of());
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            vertx.close().await();
        }
        if (filter != null) {
            filter.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void shouldAnswerAnAllowedNameFromTheUpstream() {
        Dig d = filter.dig("hub.example.test", "A");
        assertThat(d.status()).isEqualTo("NOERROR");
        assertThat(d.data("A")).containsExactly("10.0.0.1");
    }

    @Test
    void shouldRefuseNamesNoRuleAllows() throws Exception {
        double before = filter.queries("denied", "rule");
        assertThat(filter.dig("evil.example.com", "A").status()).isEqualTo("REFUSED");
        assertThat(filter.dig("tracker.blocked.example.test", "A").status()).isEqualTo("REFUSED");
        assertThat(filter.dig("example.test", "A").status()).isEqualTo("REFUSED");
        assertThat(filter.queries("denied", "rule")).isGreaterThanOrEqualTo(before + 3);
        assertThat(upstream.queriesFor("evil.example.com")).isZero();
    }

    @Test
    void shouldRewriteInternalNamesAndAnswerUnderTheAskedName() {
        Dig d = filter.dig("db.corp.example", "A");
        assertThat(d.status()).isEqualTo("NOERROR");
        assertThat(d.answers()).singleElement().satisfies(a -> assertThat(a).startsWith("db.corp.example. ")
                .endsWith("IN A 10.9.9.9"));
    }

    @Test
    void shouldAnswerStaticNamesWithoutAskingUpstream() throws Exception {
        Dig d = filter.dig("time.aws.com", "A");
        assertThat(d.status()).isEqualTo("NOERROR");
        assertThat(d.answers()).containsExactly("time.aws.com. 3600 IN A 169.254.169.123");
        assertThat(d.output()).contains("flags: qr aa rd ra");
        Dig v6 = filter.dig("time.aws.com", "AAAA");
        assertThat(v6.status()).isEqualTo("NOERROR");
        assertThat(v6.answers()).isEmpty();
        assertThat(upstream.queriesFor("time.aws.com")).isZero();
    }

    @Test
    void shouldAnswerNodataNeverRefusedForTypesTheRuleDoesNotAllow() throws Exception {
        for (String type : List.of("AAAA", "TXT", "NULL", "ANY")) {
            Dig d = filter.dig("hub.example.test", type);
            assertThat(d.status()).as(type).isEqualTo("NOERROR");
            assertThat(d.answers()).as(type).isEmpty();
        }
        Dig txt = filter.dig("s3.amazonaws.com", "TXT");
        assertThat(txt.status()).isEqualTo("NOERROR");
        assertThat(txt.answers()).isEmpty();
        assertThat(upstream.queriesFor("hub.example.test")).as("TXT/AAAA never leave").isLessThanOrEqualTo(1);
        assertThat(filter.queries("nodata", "type")).isGreaterThanOrEqualTo(5);
    }

    @Test
    void shouldDenyACnameChainThatLeadsToAForbiddenName() throws Exception {
        Dig bad = filter.dig("www.cdn.example.test", "A");
        assertThat(bad.status()).isEqualTo("REFUSED");
        assertThat(bad.answers()).isEmpty();
        assertThat(filter.queries("denied", "cname_target")).isGreaterThanOrEqualTo(1);

        Dig good = filter.dig("ok.cdn.example.test", "A");
        assertThat(good.status()).isEqualTo("NOERROR");
        assertThat(good.data("CNAME")).containsExactly("hub.example.test.");
        assertThat(good.data("A")).containsExactly("10.0.0.1");
    }

    @Test
    void shouldTruncateLargeUdpAnswersSoClientsRetryOverTcp() {
        Dig udp = filter.dig("big.example.test", "A", "+noedns");
        assertThat(udp.output()).contains("Truncated, retrying in TCP mode");
        assertThat(udp.status()).isEqualTo("NOERROR");
        assertThat(udp.data("A")).hasSize(30);

        Dig edns = filter.dig("big.example.test", "A", "+bufsize=1232");
        assertThat(edns.output()).doesNotContain("Truncated").contains("udp: 1232");
        assertThat(edns.data("A")).hasSize(30);

        Dig tcp = filter.dig("hub.example.test", "A", "+tcp");
        assertThat(tcp.data("A")).containsExactly("10.0.0.1");
    }

    @Test
    void shouldCacheAnswersAndCoalesceIdenticalQueries() throws Exception {
        assertThat(filter.dig("cached.amazonaws.com", "A").data("A")).containsExactly("10.1.1.1");
        assertThat(filter.dig("cached.amazonaws.com", "A").data("A")).containsExactly("10.1.1.1");
        assertThat(upstream.queriesFor("cached.amazonaws.com")).isEqualTo(1);

        // 20 identical questions sent at once from one socket, different ids: one upstream query answers them all
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(5000);
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", filter.port());
            for (int id = 1; id <= 20; id++) {
                byte[] q = query(id, "coalesced.amazonaws.com");
                socket.send(new DatagramPacket(q, q.length, to));
            }
            Map<Integer, Integer> answersById = new HashMap<>();
            byte[] buf = new byte[1500];
            while (answersById.size() < 20) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                int id = ((buf[0] & 0xFF) << 8) | (buf[1] & 0xFF);
                assertThat(buf[3] & 0x0F).as("rcode of reply " + id).isZero();
                answersById.put(id, ((buf[6] & 0xFF) << 8) | (buf[7] & 0xFF));
            }
            assertThat(answersById.values()).hasSize(20).containsOnly(1);
        }
        assertThat(upstream.queriesFor("coalesced.amazonaws.com")).isEqualTo(1);
    }

    @Test
    void shouldCacheNegativeAnswers() throws Exception {
        Dig first = filter.dig("gone.nx.example.test", "A");
        assertThat(first.status()).isEqualTo("NXDOMAIN");
        assertThat(filter.dig("gone.nx.example.test", "A").status()).isEqualTo("NXDOMAIN");
        assertThat(upstream.queriesFor("gone.nx.example.test")).isEqualTo(1);
    }

    @Test
    void shouldEchoTheQuestionExactlyAsAsked() {
        Dig d = filter.dig("HuB.ExAmPlE.tEsT", "A");
        assertThat(d.status()).isEqualTo("NOERROR");
        assertThat(d.output()).contains(";HuB.ExAmPlE.tEsT.").doesNotContain("WARNING");
        assertThat(d.data("A")).containsExactly("10.0.0.1");
    }

    static byte[] query(int id, String name) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(512);
        b.putShort((short) id).putShort((short) 0x0100).putShort((short) 1).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0);
        for (String label : name.split("\\.")) {
            b.put((byte) label.length()).put(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        b.put((byte) 0).putShort((short) 1).putShort((short) 1);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    @Test
    void shouldServeTheVertxDnsClient() throws Exception {
        DnsClient client = vertx.createDnsClient(new DnsClientOptions().setHost("127.0.0.1").setPort(filter.port())
                .setQueryTimeout(5000));
        List<String> ok = client.resolveA("sts.eu-west-2.amazonaws.com").toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(ok).containsExactly("10.1.1.1");
        assertThatThrownBy(() -> client.resolveA("exfil.attacker.example").toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(DnsException.class)
                .satisfies(e -> assertThat(((DnsException) e.getCause()).code()).isEqualTo(DnsResponseCode.REFUSED));
    }

    @Test
    void shouldServeHealthAndMetrics() throws Exception {
        filter.dig("metrics.amazonaws.com", "A");
        filter.dig("metrics.amazonaws.com", "A");
        var health = filter.get("/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        var metrics = filter.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("dataworkspace_dnsfilter_queries_total{outcome=\"allowed\",reason=\"rule\"}")
                .contains("dataworkspace_dnsfilter_query_duration_seconds_bucket")
                .contains("dataworkspace_dnsfilter_cache_hit_ratio")
                .contains("dataworkspace_dnsfilter_upstream_queries_total");
        assertThat(filter.get("/nope").statusCode()).isEqualTo(404);
        System.gc();   // the meters must survive a collection: Micrometer holds function objects weakly by default
        assertThat(ResilienceIT.metric(filter, "dataworkspace_dnsfilter_upstream_queries_total")).isGreaterThan(0);
        assertThat(ResilienceIT.metric(filter, "dataworkspace_dnsfilter_cache_hits_total")).isGreaterThan(0);
    }
}
