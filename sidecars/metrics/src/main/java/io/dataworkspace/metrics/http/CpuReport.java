package io.dataworkspace.metrics.http;

import io.dataworkspace.metrics.collect.EcsCollector;
import io.dataworkspace.metrics.ecs.ContainerMetadata;
import io.dataworkspace.metrics.ecs.ContainerStats;
import io.dataworkspace.metrics.ecs.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code /cpu} document: cumulative CPU seconds of each tool container and the instant of the
 * sample, for the launcher's culler (which computes a rate from two documents).
 *
 * <pre>{@code
 * {"fetchedAt":"2026-11-21T09:00:00.120Z",
 *  "containers":[{"name":"jupyterlab","cpuSeconds":12.5,"sampledAt":"2026-11-21T09:00:00.004Z"}],
 *  "unavailable":["init"]}
 * }</pre>
 */
final class CpuReport {

    private final JsonWriter json;
    private final EcsCollector collector;

    CpuReport(JsonWriter json, EcsCollector collector) {
        this.json = json;
        this.collector = collector;
    }

    /**
     * @param complete a snapshot with task metadata and stats
     * @return the JSON document
     */
    byte[] render(Snapshot.Complete complete) {
        return json.object(g -> {
            g.writeStringField("fetchedAt", complete.fetchedAt().toString());
            g.writeArrayFieldStart("containers");
            List<String> missing = new ArrayList<>();
            for (ContainerMetadata c : complete.task().containers()) {
                if (!collector.exported(c.name())) {
                    continue;
                }
                Optional<ContainerStats> stats = complete.stats().forContainer(c.dockerId());
                if (stats.isEmpty() || stats.get().cpuTotalNanos().isEmpty()) {
                    missing.add(c.name());
                    continue;
                }
                Instant sampledAt = stats.get().read().orElse(complete.fetchedAt());
                g.writeStartObject();
                g.writeStringField("name", c.name());
                g.writeNumberField("cpuSeconds", stats.get().cpuTotalNanos().getAsLong() / 1e9);
                g.writeStringField("sampledAt", sampledAt.toString());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("unavailable");
            for (String name : missing) {
                g.writeString(name);
            }
            g.writeEndArray();
        });
    }
}
