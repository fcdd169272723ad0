package io.dataworkspace.launcher.backend.fargate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a task's CPU time from its metrics sidecar's {@code GET /cpu} (see sidecars/metrics/README.md): the sum of
 * {@code cpuSeconds} over the tool's containers (the sidecar leaves itself and s3sync out). Any failure gives
 * empty: the culler then relies on traffic alone for that pass.
 */
final class SidecarCpu {
    private static final Logger log = LoggerFactory.getLogger(SidecarCpu.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final int port;
    private final Duration timeout;

    SidecarCpu(int port, Duration timeout) {
        this.port = port;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    Optional<Double> read(String host) {
        URI uri = URI.create("http://" + host + ":" + port + "/cpu");
        try {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                log.debug("{} answered {}", uri, response.statusCode());
                return Optional.empty();
            }
            return total(JSON.readTree(response.body()));
        } catch (IOException e) {
            log.debug("cannot read {}: {}", uri, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The sum of the containers' cpuSeconds; empty when no container reports any. */
    static Optional<Double> total(JsonNode document) {
        double sum = 0;
        boolean any = false;
        for (JsonNode container : document.path("containers")) {
            JsonNode seconds = container.path("cpuSeconds");
            if (seconds.isNumber()) {
                sum += seconds.asDouble();
                any = true;
            }
        }
        return any ? Optional.of(sum) : Optional.empty();
    }
}
