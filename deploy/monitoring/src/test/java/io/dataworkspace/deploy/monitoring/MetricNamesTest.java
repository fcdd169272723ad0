package io.dataworkspace.deploy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every metric and matcher label the dashboard and the alert rules query is one the project exports. */
class MetricNamesTest {
    /** Series Prometheus makes itself for every target. */
    private static final Set<String> PROMETHEUS_SERIES = Set.of("up");
    /** Labels Prometheus adds to every series of a target. */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance");
    /** Labels the launcher's HTTP service discovery puts on the sidecars' targets (see prometheus.yml). */
    private static final Set<String> SIDECAR_TARGET_LABELS = Set.of("instance_id", "tool", "user", "sidecar");

    private static ExportedMetrics exported;

    @BeforeAll
    static void scrapeTheModules() throws Exception {
        exported = ExportedMetrics.collect();
    }

    @Test
    void everyModuleExportsSomething() {
        assertThat(new TreeSet<>(exported.source().values())).containsExactly(ExportedMetrics.DNSFILTER,
                ExportedMetrics.METRICS_SIDECAR, ExportedMetrics.S3SYNC, ExportedMetrics.SERVER);
    }

    @Test
    void alertRulesQueryOnlyExportedMetricsAndLabels() {
        Map<String, String> alerts = MonitoringFiles.alertExpressions();
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(10);
        assertThat(problems(alerts)).isEmpty();
    }

    @Test
    void dashboardQueriesOnlyExportedMetricsAndLabels() {
        Map<String, String> panels = MonitoringFiles.dashboardExpressions();
        assertThat(panels).hasSizeGreaterThanOrEqualTo(20);
        assertThat(problems(panels)).isEmpty();
    }

    @Test
    void dashboardAndAlertsCoverEveryModule() {
        Map<String, String> all = new LinkedHashMap<>(MonitoringFiles.alertExpressions());
        all.putAll(MonitoringFiles.dashboardExpressions());
        Set<String> modules = new TreeSet<>();
        all.values().forEach(expr -> PromQl.metricNames(expr).stream()
                .map(exported.source()::get).filter(m -> m != null).forEach(modules::add));
        assertThat(modules).containsExactly(ExportedMetrics.DNSFILTER, ExportedMetrics.METRICS_SIDECAR,
                ExportedMetrics.S3SYNC, ExportedMetrics.SERVER);
    }

    @Test
    void anUnknownMetricOrLabelIsReported() {
        List<String> found = problems(Map.of("typo",
                "rate(dataworkspace_proxy_request_total[5m]) + dataworkspace_instances{phase=\"running\"}"));
        assertThat(found).containsExactly(
                "typo: metric dataworkspace_proxy_request_total is not exported by any module",
                "typo: dataworkspace_instances has no label phase (it has [state, tool])");
    }

    private static List<String> problems(Map<String, String> expressions) {
        List<String> problems = new ArrayList<>();
        expressions.forEach((where, expr) -> {
            Set<String> names = PromQl.metricNames(expr);
            if (names.isEmpty()) {
                problems.add(where + ": no metric found in " + expr);
            }
            for (String name : names) {
                if (!exported.labels().containsKey(name) && !PROMETHEUS_SERIES.contains(name)) {
                    problems.add(where + ": metric " + name + " is not exported by any module");
                }
            }
            PromQl.matcherLabels(expr).forEach((name, labels) -> {
                Set<String> known = exported.labels().get(name);
                if (known == null) {
                    return;
                }
                String module = exported.source().get(name);
                boolean sidecar = ExportedMetrics.S3SYNC.equals(module)
                        || ExportedMetrics.METRICS_SIDECAR.equals(module);
                for (String label : labels) {
                    if (!known.contains(label) && !TARGET_LABELS.contains(label)
                            && !(sidecar && SIDECAR_TARGET_LABELS.contains(label))) {
                        problems.add(where + ": " + name + " has no label " + label + " (it has " + known + ")");
                    }
                }
            });
        });
        return problems;
    }
}
