package io.dataworkspace.metrics.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.metrics.config.MemoryUsageMode;
import io.dataworkspace.metrics.ecs.Failure;
import io.dataworkspace.metrics.ecs.FailureReason;
import io.dataworkspace.metrics.ecs.MetadataParser;
import io.dataworkspace.metrics.ecs.Snapshot;
import io.dataworkspace.metrics.ecs.TaskMetadata;
import io.dataworkspace.metrics.ecs.TaskStats;
import io.dataworkspace.metrics.exposition.MetricFamily;
import io.dataworkspace.metrics.exposition.Sample;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EcsCollectorTest {

    private static final String TASK = """
            {"Cluster": "c", "TaskARN": "t", "Family": "f", "Revision": "1", "DesiredStatus": "RUNNING",
             "KnownStatus": "RUNNING", "LaunchType": "EC2",
             "Containers": [
               {"DockerId": "a", "Name": "tool", "Limits": {"CPU": 0}, "RestartCount": 2},
               {"DockerId": "b", "Name": "metrics", "Limits": {"CPU": 0, "Memory": 128}}
             ]}
            """;
    private static final String STATS = """
            {"a": {"cpu_stats": {"cpu_usage": {"total_usage": 1500000000}},
                   "memory_stats": {"usage": 100, "stats": {"anon": 80, "inactive_file": 10}},
                   "networks": {"eth0": {"rx_bytes": 1}, "eth1": {"rx_bytes": 2}}},
             "b": {"cpu_stats": {"cpu_usage": {"total_usage": 1}},
                   "memory_stats": {"usage": 5, "stats": {"anon": 5}},
                   "networks": {"eth1": {"rx_bytes": 2}}}}
            """;

    private final MetadataParser parser = new MetadataParser();
    private final EcsCollector collector = new EcsCollector(Set.of("metrics"), MemoryUsageMode.WORKING_SET);

    private static Map<String, List<Sample>> byName(Collected c) {
        return c.families().stream().filter(f -> !f.samples().isEmpty())
                .collect(Collectors.toMap(MetricFamily::name, MetricFamily::samples));
    }

    private Snapshot.Complete complete() throws Exception {
        TaskMetadata task = parser.parseTask(TASK.getBytes(StandardCharsets.UTF_8));
        TaskStats stats = parser.parseStats(STATS.getBytes(StandardCharsets.UTF_8));
        return new Snapshot.Complete(task, stats, Instant.now(), Duration.ofMillis(3));
    }

    @Test
    void shouldExportRestartsAndOmitLimitsNobodySet() throws Exception {
        Map<String, List<Sample>> m = byName(collector.collect(complete()));

        assertThat(m.get("ecs_container_restarts_total")).containsExactly(Sample.of("container_name", "tool", 2));
        assertThat(m.get("ecs_container_cpu_usage_seconds_total"))
                .containsExactly(Sample.of("container_name", "tool", 1.5));
        assertThat(m.get("ecs_container_memory_usage_bytes")).containsExactly(Sample.of("container_name", "tool", 90));
        // neither the container nor the task (EC2 launch type) set a memory limit
        assertThat(m).doesNotContainKeys("ecs_container_memory_limit_bytes", "ecs_task_memory_limit_bytes",
                "ecs_task_cpu_limit_vcpus");
    }

    @Test
    void shouldReportEachInterfaceOnce() throws Exception {
        Map<String, List<Sample>> m = byName(collector.collect(complete()));

        assertThat(m.get("ecs_network_receive_bytes_total")).containsExactlyInAnyOrder(
                Sample.of("interface", "eth0", 1), Sample.of("interface", "eth1", 2));
    }

    @Test
    void shouldKeepOnlyTaskSeriesWhenStatsFailed() throws Exception {
        TaskMetadata task = parser.parseTask(TASK.getBytes(StandardCharsets.UTF_8));
        Collected c = collector.collect(new Snapshot.TaskOnly(task,
                new Failure(FailureReason.TIMEOUT, "slow"), Duration.ofSeconds(2)));

        assertThat(byName(c).keySet()).containsExactly("ecs_task_metadata_info");
    }

    @Test
    void shouldProduceNothingWhenTheTaskIsUnavailable() {
        Collected c = collector.collect(new Snapshot.Unavailable(
                new Failure(FailureReason.UNREACHABLE, "down"), Duration.ofMillis(1)));

        assertThat(c.families()).isEmpty();
        assertThat(c.containersWithoutStats()).isEmpty();
    }
}
