package io.dataworkspace.deploy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration, the rules, the rules' unit tests and the dashboard's expressions pass promtool. */
class PromtoolIT {
    private static Promtool promtool;

    @BeforeAll
    static void findPromtool() {
        promtool = Promtool.find();
    }

    @Test
    void aMissingPromtoolNamesTheDebianPackage(@TempDir Path emptyDir) {
        assertThatThrownBy(() -> Promtool.find(emptyDir.toString()))
                .hasMessageContaining("Debian package 'prometheus'");
    }

    @Test
    void prometheusConfigIsValid() throws Exception {
        Promtool.Result result = promtool.run(MonitoringFiles.MODULE, "check", "config", "prometheus.yml");

        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(result.output()).contains("SUCCESS: 1 rule files found");
    }

    @Test
    void alertRulesAreValid() throws Exception {
        Promtool.Result result = promtool.run(MonitoringFiles.MODULE, "check", "rules", "alerts.yml");

        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(result.output()).contains("SUCCESS: " + MonitoringFiles.alertExpressions().size() + " rules found");
    }

    @Test
    void alertsFireOnTheirScenariosAndOnlyThen() throws Exception {
        Promtool.Result result = promtool.run(MonitoringFiles.MODULE, "test", "rules", "alerts-test.yml");

        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void dashboardExpressionsParse(@TempDir Path dir) throws Exception {
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int i = 0;
        for (Map.Entry<String, String> e : MonitoringFiles.dashboardExpressions().entrySet()) {
            String expr = e.getValue().replace("$__rate_interval", "5m").replace("'", "''");
            rules.append("      - record: dashboard:target_").append(i++).append("\n        expr: '")
                    .append(expr.replace("\n", " ")).append("'\n");
        }
        Files.writeString(dir.resolve("dashboard-rules.yml"), rules);

        Promtool.Result result = promtool.run(dir, "check", "rules", "dashboard-rules.yml");

        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(result.output()).contains("SUCCESS: " + i + " rules found");
    }

    @Test
    void aBrokenExpressionIsRejected(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("broken.yml"),
                "groups:\n  - name: x\n    rules:\n      - alert: Broken\n        expr: sum(rate(x[5m])\n");

        Promtool.Result result = promtool.run(dir, "check", "rules", "broken.yml");

        assertThat(result.succeeded()).isFalse();
        assertThat(result.output()).contains("FAILED");
    }
}
