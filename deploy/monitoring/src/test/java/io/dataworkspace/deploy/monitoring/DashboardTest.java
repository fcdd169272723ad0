package io.dataworkspace.deploy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The dashboard has the sections operators look for and imports cleanly into any Grafana with a Prometheus. */
class DashboardTest {
    private final JsonNode dashboard;

    DashboardTest() throws Exception {
        dashboard = new ObjectMapper().readTree(MonitoringFiles.DASHBOARD.toFile());
    }

    @Test
    void hasASectionPerConcern() {
        List<String> rows = new ArrayList<>();
        dashboard.path("panels").forEach(p -> {
            if (p.path("type").asText().equals("row")) {
                rows.add(p.path("title").asText());
            }
        });
        assertThat(rows).containsExactly("Users", "Spawns", "Instances", "Proxy traffic and latency", "DNS",
                "Sync (home folders ↔ S3)");
    }

    @Test
    void panelsHaveUniqueIdsAndUseTheDatasourceVariable() {
        Set<Integer> ids = new HashSet<>();
        dashboard.path("panels").forEach(p -> {
            assertThat(ids.add(p.path("id").asInt())).as("duplicate panel id %s", p.path("id")).isTrue();
            if (!p.path("type").asText().equals("row")) {
                assertThat(p.path("datasource").path("uid").asText()).as(p.path("title").asText())
                        .isEqualTo("${datasource}");
            }
        });
        assertThat(dashboard.path("templating").path("list").get(0).path("query").asText()).isEqualTo("prometheus");
        assertThat(dashboard.path("uid").asText()).isEqualTo("dataworkspace-overview");
    }
}
