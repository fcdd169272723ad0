package io.dataworkspace.deploy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a real Prometheus (Debian package {@code prometheus}) on the {@code dataworkspace-tool-sidecars} job of
 * prometheus.yml, unchanged but for the discovery URL, the token file and a 1 s interval, against a fake launcher
 * that serves the service-discovery contract and two sidecar targets exporting what s3sync and the metrics sidecar
 * really export. Proves the contract, the bearer token and the relabelling, end to end.
 */
class SidecarDiscoveryIT {
    private static final String TOKEN = "test-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer fake;
    private Process prometheus;
    private final AtomicInteger unauthorised = new AtomicInteger();

    @BeforeEach
    void startFakeLauncherAndSidecars() throws Exception {
        String s3sync = ExportedMetrics.s3syncScrape();
        String sidecar = ExportedMetrics.metricsSidecarScrape();
        fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        int port = fake.getAddress().getPort();
        fake.createContext("/api/v1/prometheus/targets", ex -> {
            if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                unauthorised.incrementAndGet();
                reply(ex, 401, "application/json", "{\"error\":\"missing token\"}");
                return;
            }
            reply(ex, 200, "application/json", """
                    [{"targets": ["127.0.0.1:%1$d"], "labels": {"tool": "jupyterlab", "user": "u-1",
                      "instance_id": "i-1", "sidecar": "s3sync", "__metrics_path__": "/s3sync/metrics"}},
                     {"targets": ["127.0.0.1:%1$d"], "labels": {"tool": "jupyterlab", "user": "u-1",
                      "instance_id": "i-1", "sidecar": "metrics", "__metrics_path__": "/ecs/metrics"}}]
                    """.formatted(port));
        });
        fake.createContext("/s3sync/metrics", ex -> reply(ex, 200, "text/plain; version=0.0.4", s3sync));
        fake.createContext("/ecs/metrics", ex -> reply(ex, 200, "text/plain; version=0.0.4", sidecar));
        fake.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        fake.stop(0);
    }

    @Test
    void discoversSidecarsWithTheTokenAndLabelsTheirSeries(@TempDir Path dir) throws Exception {
        Path binary = findPrometheus();
        Files.writeString(dir.resolve("token"), TOKEN);
        Files.writeString(dir.resolve("prometheus.yml"), sidecarJobOnly(dir.resolve("token")));
        int webPort = freePort();
        prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + webPort)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        URI api = URI.create("http://127.0.0.1:" + webPort + "/api/v1/");

        JsonNode s3sync = awaitSeries(api, "dataworkspace_s3sync_conflicts_total", dir);
        JsonNode cpu = awaitSeries(api, "ecs_container_cpu_usage_seconds_total", dir);

        assertThat(s3sync.path("metric").path("job").asText()).isEqualTo("dataworkspace-s3sync");
        assertThat(s3sync.path("metric").path("instance_id").asText()).isEqualTo("i-1");
        assertThat(s3sync.path("metric").path("tool").asText()).isEqualTo("jupyterlab");
        assertThat(cpu.path("metric").path("job").asText()).isEqualTo("dataworkspace-metrics-sidecar");
        assertThat(cpu.path("metric").path("instance_id").asText()).isEqualTo("i-1");
        assertThat(unauthorised.get()).as("discovery requests without the bearer token").isZero();
    }

    /** The sidecar job of prometheus.yml as it is, pointed at the fake launcher, scraping every second. */
    private String sidecarJobOnly(Path tokenFile) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        ObjectNode config = (ObjectNode) yaml.readTree(MonitoringFiles.PROMETHEUS.toFile());
        config.remove("rule_files");
        ObjectNode global = (ObjectNode) config.get("global");
        global.put("scrape_interval", "1s").put("scrape_timeout", "1s").put("evaluation_interval", "1s");
        ObjectNode job = null;
        for (JsonNode j : config.get("scrape_configs")) {
            if (j.path("job_name").asText().equals("dataworkspace-tool-sidecars")) {
                job = (ObjectNode) j;
            }
        }
        assertThat(job).as("the dataworkspace-tool-sidecars job in prometheus.yml").isNotNull();
        ObjectNode sd = (ObjectNode) job.get("http_sd_configs").get(0);
        URI declared = URI.create(sd.get("url").asText());
        assertThat(declared.getPort()).isEqualTo(8081);
        assertThat(declared.getPath()).isEqualTo("/api/v1/prometheus/targets");
        sd.put("url", "http://127.0.0.1:" + fake.getAddress().getPort() + declared.getPath());
        sd.put("refresh_interval", "1s");
        ((ObjectNode) sd.get("authorization")).put("credentials_file", tokenFile.toString());
        ArrayNode only = yaml.createArrayNode().add(job);
        config.set("scrape_configs", only);
        return yaml.writeValueAsString(config);
    }

    private static JsonNode awaitSeries(URI api, String metric, Path dir) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(api.resolve(
                        "query?query=" + URLEncoder.encode(metric, StandardCharsets.UTF_8)))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                JsonNode result = JSON.readTree(r.body()).path("data").path("result");
                if (result.size() > 0) {
                    return result.get(0);
                }
            } catch (IOException notYet) {
                // Prometheus is still starting
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new AssertionError("Prometheus had no " + metric + " within 60 s; its log:\n"
                + Files.readString(dir.resolve("prometheus.log")));
    }

    private static Path findPrometheus() {
        Optional<Path> found = List.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
                .stream().map(d -> Path.of(d, "prometheus")).filter(Files::isExecutable).findFirst();
        return found.orElseThrow(() -> new AssertionError(
                "prometheus is not installed: install the Debian package 'prometheus' (apt-get install -y prometheus)"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
