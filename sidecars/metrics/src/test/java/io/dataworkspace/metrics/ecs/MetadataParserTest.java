package io.dataworkspace.metrics.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataworkspace.metrics.FakeMetadataEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MetadataParserTest {

    private final MetadataParser parser = new MetadataParser();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldParseTheFargateTaskDocument() throws Exception {
        TaskMetadata task = parser.parseTask(FakeMetadataEndpoint.fixture("fargate-task.json"));

        assertThat(task.family()).isEqualTo("jupyterlab-python");
        assertThat(task.launchType()).isEqualTo("FARGATE");
        assertThat(task.cpuLimitVcpus()).hasValue(1.0);
        assertThat(task.memoryLimitMiB()).hasValue(4096);
        assertThat(task.pullStartedAt()).hasValue(Instant.parse("2026-11-21T09:00:41.053330955Z"));
        assertThat(task.ephemeralStorage()).hasValue(new TaskMetadata.EphemeralStorage(261, 20496));
        assertThat(task.containers()).extracting(ContainerMetadata::name)
                .containsExactly("jupyterlab", "s3sync", "metrics", "init");
        assertThat(task.containers().get(1).memoryLimitMiB()).hasValue(512);
        assertThat(task.containers().get(0).restartCount()).isEmpty();
    }

    @Test
    void shouldParseTheFargateStatsDocumentKeepingNullsAsStopped() throws Exception {
        TaskStats stats = parser.parseStats(FakeMetadataEndpoint.fixture("fargate-task-stats.json"));

        ContainerStats tool = stats.forContainer("6f3a1c0e2b7d4e9a8c5b4a3f2e1d0c9b-1527436015").orElseThrow();
        assertThat(tool.cpuTotalNanos()).hasValue(183456789012L);
        assertThat(tool.read()).hasValue(Instant.parse("2026-11-21T09:15:30.123456789Z"));
        assertThat(tool.memory().cgroupV2()).isTrue();
        assertThat(tool.memory().stats()).containsEntry("inactive_file", 167772160L);
        assertThat(tool.networks().get("eth1").rxBytes()).isEqualTo(987654321L);
        assertThat(stats.byDockerId()).containsKey("6f3a1c0e2b7d4e9a8c5b4a3f2e1d0c9b-4172900544");
        assertThat(stats.forContainer("6f3a1c0e2b7d4e9a8c5b4a3f2e1d0c9b-4172900544")).isEmpty();
        assertThat(stats.forContainer("not-there")).isEmpty();
    }

    @Test
    void shouldIgnoreGoZeroTimesAndTolerateMissingFields() throws Exception {
        TaskStats stats = parser.parseStats(utf8("{\"a\": {\"read\": \"0001-01-01T00:00:00Z\"}}"));

        ContainerStats s = stats.forContainer("a").orElseThrow();
        assertThat(s.read()).isEmpty();
        assertThat(s.cpuTotalNanos()).isEmpty();
        assertThat(s.memory().usage()).isEmpty();
        assertThat(s.networks()).isEmpty();
    }

    @Test
    void shouldRejectDocumentsOfTheWrongShape() {
        assertThatThrownBy(() -> parser.parseTask(utf8("not json")))
                .isInstanceOf(MalformedMetadataException.class).hasMessageStartingWith("task metadata: not JSON");
        assertThatThrownBy(() -> parser.parseTask(utf8("[]")))
                .hasMessage("task metadata: expected a JSON object, got ARRAY");
        assertThatThrownBy(() -> parser.parseTask(utf8("{\"Containers\": {}}")))
                .hasMessage("task metadata: Containers is OBJECT (expected: an array)");
        assertThatThrownBy(() -> parser.parseTask(utf8("{\"Containers\": [{\"Name\": \"x\"}]}")))
                .hasMessage("task metadata: a container lacks DockerId or Name");
        assertThatThrownBy(() -> parser.parseStats(utf8("{\"a\": 3}")))
                .hasMessage("task stats: entry a is NUMBER (expected: an object or null)");
        assertThatThrownBy(() -> parser.parseStats(new byte[0]))
                .isInstanceOf(MalformedMetadataException.class);
    }
}
