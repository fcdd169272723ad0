package io.dataworkspace.s3sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.s3sync.engine.Health;
import io.dataworkspace.s3sync.metrics.SyncMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StatusServerIT {
    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(int port, String path, String method) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeHealthAndMetrics() throws Exception {
        SyncMetrics metrics = new SyncMetrics();
        metrics.gauges(() -> 3, () -> 1.5, () -> 0.2);
        metrics.uploaded(1234);
        metrics.conflict();
        metrics.error("upload");
        AtomicReference<Health> health = new AtomicReference<>(new Health(true, "in sync", 0.2, 3));
        try (StatusServer s = new StatusServer("127.0.0.1", 0, health::get, metrics.registry())) {
            HttpResponse<String> ok = get(s.port(), "/healthz", "GET");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("\"status\":\"ok\"").contains("\"pending\":3");
            health.set(new Health(false, "S3 not listed successfully for 40 s", 40, 9));
            HttpResponse<String> bad = get(s.port(), "/healthz", "GET");
            assertThat(bad.statusCode()).isEqualTo(503);
            assertThat(bad.body()).contains("S3 not listed successfully for 40 s");
            String m = get(s.port(), "/metrics", "GET").body();
            assertThat(m).contains("dataworkspace_s3sync_bytes_total{direction=\"up\"} 1234.0")
                    .contains("dataworkspace_s3sync_files_total{operation=\"upload\"} 1.0")
                    .contains("dataworkspace_s3sync_conflicts_total 1.0")
                    .contains("dataworkspace_s3sync_errors_total{operation=\"upload\"} 1.0")
                    .contains("dataworkspace_s3sync_queue_depth 3.0")
                    .contains("dataworkspace_s3sync_lag_seconds 1.5");
            assertThat(get(s.port(), "/nope", "GET").statusCode()).isEqualTo(404);
            assertThat(get(s.port(), "/healthz", "POST").statusCode()).isEqualTo(405);
        }
    }
}
