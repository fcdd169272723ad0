package io.dataworkspace.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataworkspace.metrics.config.MetricsConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The sidecar over HTTP against a fake metadata endpoint serving documents shaped like the AWS
 * documentation's Fargate examples (cgroup v2 memory stats, awsvpc network on eth1).
 */
class MetricsSidecarIT {

    private static final String TASK_ARN =
            "arn:aws:ecs:eu-west-2:111122223333:task/data-workspace-tools/6f3a1c0e2b7d4e9a8c5b4a3f2e1d0c9b";
    private static final String CLUSTER = "arn:aws:ecs:eu-west-2:111122223333:cluster/data-workspace-tools";
    private static final double MIB = 1024 * 1024;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private FakeMetadataEndpoint endpoint;
    private MetricsSidecar sidecar;

    @BeforeEach
    void startEndpoint() throws IOException {
        endpoint = new FakeMetadataEndpoint();
    }

    @AfterEach
    void stop() {
        if (sidecar != null) {
            sidecar.close();
        }
        endpoint.close();
    }

    private void startSidecar(Map<String, String> extra) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put(MetricsConfig.METADATA_URI, endpoint.baseUri().toString());
        env.put(MetricsConfig.LISTEN_HOST, "127.0.0.1");
        env.put(MetricsConfig.PORT, "0");
        env.put(MetricsConfig.TIMEOUT, "10s");
        env.putAll(extra);
        sidecar = MetricsSidecar.start(MetricsConfig.fromEnvironment(env));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sidecar.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Exposition scrape() throws IOException, InterruptedException {
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        return Exposition.parse(r.body());
    }

    private static String c(String name, String container) {
        return name + "{container_name=\"" + container + "\"}";
    }

    private static String eth1(String name) {
        return name + "{interface=\"eth1\"}";
    }

    private static String errors(String reason) {
        return "dataworkspace_metrics_sidecar_metadata_errors_total{reason=\"" + reason + "\"}";
    }

    @Nested
    class WithTheDocumentedFargatePayloads {

        @BeforeEach
        void start() throws IOException {
            startSidecar(Map.of());
        }

        @Test
        void shouldExposeTaskSeriesWithEcsExporterNamesAndLabels() throws Exception {
            Exposition e = scrape();

            assertThat(e.value("ecs_task_metadata_info{availability_zone=\"eu-west-2a\",cluster=\"" + CLUSTER
                    + "\",desired_status=\"RUNNING\",family=\"jupyterlab-python\",known_status=\"RUNNING\","
                    + "launch_type=\"FARGATE\",revision=\"7\",task_arn=\"" + TASK_ARN + "\"}")).isEqualTo(1);
            assertThat(e.value("ecs_task_cpu_limit_vcpus")).isEqualTo(1);
            assertThat(e.value("ecs_task_memory_limit_bytes")).isEqualTo(4096 * MIB);
            assertThat(e.value("ecs_task_ephemeral_storage_used_bytes")).isEqualTo(261 * MIB);
            assertThat(e.value("ecs_task_ephemeral_storage_allocated_bytes")).isEqualTo(20496 * MIB);
            Instant pullStart = Instant.parse("2026-11-21T09:00:41.053330955Z");
            assertThat(e.value("ecs_task_image_pull_start_timestamp_seconds"))
                    .isCloseTo(pullStart.getEpochSecond() + 0.053330955, within(1e-6));
            assertThat(e.value("ecs_task_image_pull_stop_timestamp_seconds"))
                    .isCloseTo(Instant.parse("2026-11-21T09:01:10.592684631Z").getEpochSecond() + 0.592684631,
                            within(1e-6));
            assertThat(e.types()).containsEntry("ecs_task_metadata_info", "gauge");
        }

        @Test
        void shouldExposeToolContainerCpuAndMemoryComputedLikeEcsExporter() throws Exception {
            Exposition e = scrape();

            // total_usage 183456789012 ns
            assertThat(e.value(c("ecs_container_cpu_usage_seconds_total", "jupyterlab"))).isEqualTo(183.456789012);
            assertThat(e.types()).containsEntry("ecs_container_cpu_usage_seconds_total", "counter");
            // cgroup v2: usage 1 GiB minus inactive_file 160 MiB
            assertThat(e.value(c("ecs_container_memory_usage_bytes", "jupyterlab"))).isEqualTo(1073741824 - 167772160);
            // the container sets Memory 0, so the task's 4096 MiB applies; the stats' host-sized limit is ignored
            assertThat(e.value(c("ecs_container_memory_limit_bytes", "jupyterlab"))).isEqualTo(4096 * MIB);
            assertThat(e.value(c("ecs_container_memory_page_cache_size_bytes", "jupyterlab"))).isEqualTo(251658240);
            assertThat(e.value(c("ecs_container_memory_anonymous_bytes", "jupyterlab"))).isEqualTo(805306368);
            assertThat(e.value(c("ecs_container_memory_inactive_file_bytes", "jupyterlab"))).isEqualTo(167772160);
            assertThat(e.value(c("ecs_container_memory_active_file_bytes", "jupyterlab"))).isEqualTo(83886080);
            assertThat(e.value(c("ecs_container_memory_mapped_file_bytes", "jupyterlab"))).isEqualTo(20971520);
            assertThat(e.value(c("ecs_container_memory_dirty_bytes", "jupyterlab"))).isEqualTo(8192);
            assertThat(e.value(c("ecs_container_memory_kernel_stack_bytes", "jupyterlab"))).isEqualTo(1048576);
            assertThat(e.value(c("ecs_container_memory_shared_bytes", "jupyterlab"))).isEqualTo(4096);
            assertThat(e.value(c("ecs_container_memory_socket_bytes", "jupyterlab"))).isEqualTo(16384);
            assertThat(e.value(c("ecs_container_memory_slab_reclaimable_bytes", "jupyterlab"))).isEqualTo(4194304);
            assertThat(e.value(c("ecs_container_memory_slab_unreclaimable_bytes", "jupyterlab"))).isEqualTo(2097152);
            assertThat(e.value(c("ecs_container_memory_page_faults_total", "jupyterlab"))).isEqualTo(421337);
            assertThat(e.value(c("ecs_container_memory_major_page_faults_total", "jupyterlab"))).isEqualTo(42);
            assertThat(e.value(c("ecs_container_memory_pages_scanned_total", "jupyterlab"))).isEqualTo(1000);
            assertThat(e.value(c("ecs_container_memory_pages_reclaimed_total", "jupyterlab"))).isEqualTo(900);
            // cgroup v1-only series are absent on cgroup v2
            assertThat(e.names()).doesNotContain("ecs_container_memory_max_usage_bytes",
                    "ecs_container_memory_limit_failures_total");
        }

        @Test
        void shouldExposeNetworkCountersOncePerInterface() throws Exception {
            Exposition e = scrape();

            assertThat(e.value(eth1("ecs_network_receive_bytes_total"))).isEqualTo(987654321);
            assertThat(e.value(eth1("ecs_network_receive_packets_total"))).isEqualTo(765432);
            assertThat(e.value(eth1("ecs_network_receive_packets_dropped_total"))).isEqualTo(3);
            assertThat(e.value(eth1("ecs_network_receive_errors_total"))).isEqualTo(0);
            assertThat(e.value(eth1("ecs_network_transmit_bytes_total"))).isEqualTo(123456789);
            assertThat(e.value(eth1("ecs_network_transmit_packets_total"))).isEqualTo(234567);
            assertThat(e.value(eth1("ecs_network_transmit_packets_dropped_total"))).isEqualTo(0);
            assertThat(e.value(eth1("ecs_network_transmit_errors_total"))).isEqualTo(1);
            assertThat(e.types()).containsEntry("ecs_network_transmit_bytes_total", "counter");
        }

        @Test
        void shouldSkipTheSidecarsAndCountTheStoppedContainer() throws Exception {
            Exposition e = scrape();

            assertThat(e.samples().keySet()).noneMatch(k -> k.contains("container_name=\"metrics\"")
                    || k.contains("container_name=\"s3sync\"") || k.contains("container_name=\"init\""));
            // "init" is STOPPED: its stats entry is null, so its series are absent and the failure is counted
            assertThat(e.value(errors("stats_missing"))).isEqualTo(1);
            assertThat(e.value("dataworkspace_metrics_sidecar_metadata_up")).isEqualTo(1);
            assertThat(e.value(errors("timeout"))).isZero();

            Exposition again = scrape();
            assertThat(again.value(errors("stats_missing"))).isEqualTo(2);
            assertThat(again.value("dataworkspace_metrics_sidecar_collections_total")).isEqualTo(2);
        }

        @Test
        void shouldCollectAtScrapeTime() throws Exception {
            scrape();
            scrape();
            assertThat(endpoint.hits("/task")).isEqualTo(2);
            assertThat(endpoint.hits("/task/stats")).isEqualTo(2);

            byte[] changed = new String(FakeMetadataEndpoint.fixture("fargate-task-stats.json"), StandardCharsets.UTF_8)
                    .replace("183456789012", "190000000000").getBytes(StandardCharsets.UTF_8);
            endpoint.serve("/task/stats", changed);
            assertThat(scrape().value(c("ecs_container_cpu_usage_seconds_total", "jupyterlab"))).isEqualTo(190.0);
        }

        @Test
        void shouldServeCpuSamplesOfToolContainersAsJson() throws Exception {
            HttpResponse<String> r = get("/cpu");

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            JsonNode body = mapper.readTree(r.body());
            assertThat(Instant.parse(body.get("fetchedAt").asText())).isBefore(Instant.now().plusSeconds(1));
            assertThat(body.get("containers")).hasSize(1);
            JsonNode tool = body.get("containers").get(0);
            assertThat(tool.get("name").asText()).isEqualTo("jupyterlab");
            assertThat(tool.get("cpuSeconds").asDouble()).isEqualTo(183.456789012);
            assertThat(Instant.parse(tool.get("sampledAt").asText()))
                    .isEqualTo(Instant.parse("2026-11-21T09:15:30.123456789Z"));
            assertThat(body.get("unavailable")).hasSize(1);
            assertThat(body.get("unavailable").get(0).asText()).isEqualTo("init");
        }

        @Test
        void shouldReportHealthyWhenTheEndpointAnswers() throws Exception {
            HttpResponse<String> r = get("/healthz");

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(mapper.readTree(r.body()).get("taskArn").asText()).isEqualTo(TASK_ARN);
        }

        @Test
        void shouldRejectUnknownPathsAndMethodsWithAClearMessage() throws Exception {
            HttpResponse<String> notFound = get("/stats");
            assertThat(notFound.statusCode()).isEqualTo(404);
            assertThat(notFound.body()).contains("not found: /stats").contains("/metrics");

            HttpResponse<String> post = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + sidecar.port() + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
            assertThat(post.body()).contains("method POST not allowed");
        }
    }

    @Test
    void shouldExportSidecarsWhenTheSkipListIsEmpty() throws Exception {
        startSidecar(Map.of(MetricsConfig.SKIP, ""));

        Exposition e = scrape();

        assertThat(e.value(c("ecs_container_cpu_usage_seconds_total", "s3sync"))).isEqualTo(4.5);
        assertThat(e.value(c("ecs_container_memory_limit_bytes", "s3sync"))).isEqualTo(512 * MIB);
        assertThat(e.value(c("ecs_container_memory_limit_bytes", "metrics"))).isEqualTo(128 * MIB);
    }

    @Test
    void shouldReadChunkedBodiesOverKeptAliveConnections() throws Exception {
        endpoint.set("/task/stats", new FakeMetadataEndpoint.ServeChunked(
                FakeMetadataEndpoint.fixture("fargate-task-stats.json")));
        startSidecar(Map.of());

        for (int i = 1; i <= 3; i++) {
            Exposition e = scrape();
            assertThat(e.value(c("ecs_container_cpu_usage_seconds_total", "jupyterlab"))).isEqualTo(183.456789012);
            assertThat(e.value("dataworkspace_metrics_sidecar_metadata_up")).isEqualTo(1);
        }
        assertThat(endpoint.hits("/task/stats")).isEqualTo(3);
    }

    @Test
    void shouldReportRawUsageWhenConfigured() throws Exception {
        startSidecar(Map.of(MetricsConfig.MEMORY_USAGE, "raw"));

        assertThat(scrape().value(c("ecs_container_memory_usage_bytes", "jupyterlab"))).isEqualTo(1073741824);
    }

    @Test
    void shouldComputeCgroupV1MemoryAndExposeV1OnlySeries() throws Exception {
        endpoint.serve("/task/stats", FakeMetadataEndpoint.fixture("fargate-task-stats-cgroupv1.json"));
        startSidecar(Map.of());

        Exposition e = scrape();

        // cgroup v1: usage 1 GiB minus cache 256 MiB
        assertThat(e.value(c("ecs_container_memory_usage_bytes", "jupyterlab"))).isEqualTo(1073741824 - 268435456);
        assertThat(e.value(c("ecs_container_memory_max_usage_bytes", "jupyterlab"))).isEqualTo(1610612736);
        assertThat(e.value(c("ecs_container_memory_limit_failures_total", "jupyterlab"))).isEqualTo(2);
        assertThat(e.value(c("ecs_container_memory_page_cache_size_bytes", "jupyterlab"))).isEqualTo(268435456);
        assertThat(e.names()).doesNotContain("ecs_container_memory_kernel_stack_bytes");
    }

    @Nested
    class WhenTheMetadataEndpointFails {

        @Test
        void shouldServeOnlyOwnSeriesWhenTheEndpointIsDown() throws Exception {
            int deadPort;
            try (ServerSocket s = new ServerSocket(0)) {
                deadPort = s.getLocalPort();
            }
            Map<String, String> env = Map.of(MetricsConfig.METADATA_URI, "http://127.0.0.1:" + deadPort + "/v4/x",
                    MetricsConfig.LISTEN_HOST, "127.0.0.1", MetricsConfig.PORT, "0");
            sidecar = MetricsSidecar.start(MetricsConfig.fromEnvironment(env));

            Exposition e = scrape();

            assertThat(e.hasAny("ecs_")).isFalse();
            assertThat(e.value(errors("unreachable"))).isEqualTo(1);
            assertThat(e.value("dataworkspace_metrics_sidecar_metadata_up")).isZero();

            HttpResponse<String> health = get("/healthz");
            assertThat(health.statusCode()).isEqualTo(503);
            JsonNode body = mapper.readTree(health.body());
            assertThat(body.get("reason").asText()).isEqualTo("unreachable");
            assertThat(body.get("error").asText()).contains("127.0.0.1:" + deadPort);
            assertThat(get("/cpu").statusCode()).isEqualTo(503);
            assertThat(scrape().value(errors("unreachable"))).isEqualTo(4);
        }

        @Test
        void shouldBoundAScrapeWhenTheEndpointNeverAnswers() throws Exception {
            endpoint.set("/task", new FakeMetadataEndpoint.Hang());
            startSidecar(Map.of(MetricsConfig.TIMEOUT, "300ms"));

            long start = System.nanoTime();
            Exposition e = scrape();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isLessThan(Duration.ofSeconds(3));
            assertThat(e.hasAny("ecs_")).isFalse();
            assertThat(e.value(errors("timeout"))).isEqualTo(1);
            assertThat(endpoint.hits("/task/stats")).isZero();
        }

        @Test
        void shouldBoundAScrapeWhenTheBodyStalls() throws Exception {
            endpoint.set("/task/stats", new FakeMetadataEndpoint.HangAfterHeaders());
            startSidecar(Map.of(MetricsConfig.TIMEOUT, "300ms"));

            long start = System.nanoTime();
            Exposition e = scrape();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isLessThan(Duration.ofSeconds(3));
            assertThat(e.value(errors("timeout"))).isEqualTo(1);
            // the task document arrived: task-level series stay, container series are absent
            assertThat(e.hasAny("ecs_task_metadata_info")).isTrue();
            assertThat(e.hasAny("ecs_container_")).isFalse();
            assertThat(e.hasAny("ecs_network_")).isFalse();
            HttpResponse<String> cpu = get("/cpu");
            assertThat(cpu.statusCode()).isEqualTo(503);
            assertThat(mapper.readTree(cpu.body()).get("reason").asText()).isEqualTo("timeout");
        }

        @Test
        void shouldBoundAScrapeWhenTheBodyTricklesForever() throws Exception {
            // every read returns within the socket timeout, so only the whole-call deadline stops this
            endpoint.set("/task/stats", new FakeMetadataEndpoint.Dribble());
            startSidecar(Map.of(MetricsConfig.TIMEOUT, "400ms"));

            long start = System.nanoTime();
            Exposition e = scrape();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isLessThan(Duration.ofSeconds(3));
            assertThat(e.value(errors("timeout"))).isEqualTo(1);
            assertThat(e.hasAny("ecs_container_")).isFalse();
        }

        @Test
        void shouldCountMalformedDocumentsAndRecover() throws Exception {
            endpoint.serve("/task", "{\"Cluster\": ".getBytes(StandardCharsets.UTF_8));
            startSidecar(Map.of());

            Exposition broken = scrape();
            assertThat(broken.hasAny("ecs_")).isFalse();
            assertThat(broken.value(errors("malformed"))).isEqualTo(1);

            endpoint.serve("/task", FakeMetadataEndpoint.fixture("fargate-task.json"));
            endpoint.serve("/task/stats", "[1, 2]".getBytes(StandardCharsets.UTF_8));
            Exposition statsBroken = scrape();
            assertThat(statsBroken.hasAny("ecs_task_metadata_info")).isTrue();
            assertThat(statsBroken.hasAny("ecs_container_")).isFalse();
            assertThat(statsBroken.value(errors("malformed"))).isEqualTo(2);

            endpoint.serve("/task/stats", FakeMetadataEndpoint.fixture("fargate-task-stats.json"));
            Exposition recovered = scrape();
            assertThat(recovered.value(c("ecs_container_cpu_usage_seconds_total", "jupyterlab")))
                    .isEqualTo(183.456789012);
            assertThat(recovered.value("dataworkspace_metrics_sidecar_metadata_up")).isEqualTo(1);
            assertThat(recovered.value(errors("malformed"))).isEqualTo(2);
        }

        @Test
        void shouldCountErrorStatuses() throws Exception {
            endpoint.set("/task", new FakeMetadataEndpoint.Status(500));
            startSidecar(Map.of());

            Exposition e = scrape();

            assertThat(e.hasAny("ecs_")).isFalse();
            assertThat(e.value(errors("http_status"))).isEqualTo(1);
            HttpResponse<String> health = get("/healthz");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(mapper.readTree(health.body()).get("error").asText()).contains("HTTP 500");
        }

        @Test
        void shouldDropTheSeriesOfAContainerThatStops() throws Exception {
            startSidecar(Map.of());
            assertThat(scrape().hasAny(c("ecs_container_cpu_usage_seconds_total", "jupyterlab"))).isTrue();

            String stats = new String(FakeMetadataEndpoint.fixture("fargate-task-stats.json"), StandardCharsets.UTF_8);
            Map<String, Object> parsed = mapper.readValue(stats, new TypeReference<Map<String, Object>>() { });
            parsed.put("6f3a1c0e2b7d4e9a8c5b4a3f2e1d0c9b-1527436015", null);
            endpoint.serve("/task/stats", mapper.writeValueAsBytes(parsed));

            Exposition e = scrape();
            assertThat(e.samples().keySet()).noneMatch(k -> k.contains("container_name=\"jupyterlab\""));
            // jupyterlab and init are both stopped now; the first scrape counted init once
            assertThat(e.value(errors("stats_missing"))).isEqualTo(3);
            // the interface belongs to the task: still reported from the sidecars' stats
            assertThat(e.value(eth1("ecs_network_receive_bytes_total"))).isEqualTo(987654321);
            JsonNode cpu = mapper.readTree(get("/cpu").body());
            assertThat(cpu.get("containers")).isEmpty();
            assertThat(cpu.get("unavailable")).hasSize(2);
        }
    }
}
