package io.dataworkspace.deploy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {
    @Test
    void findsMetricNamesNotFunctionsLabelsOrKeywords() {
        String expr = """
                histogram_quantile(0.9, sum by (tool, le) (max without (job) (
                  rate(dataworkspace_spawn_duration_seconds_bucket{outcome="success", tool=~"a|b"}[$__rate_interval]))))
                > 180 and on () (sum(increase(dataworkspace_spawn_duration_seconds_count[15m] offset 1h)) or vector(0)) == 0
                unless up{job="x"} == bool 1e3
                """;

        assertThat(PromQl.metricNames(expr)).containsExactlyInAnyOrder("dataworkspace_spawn_duration_seconds_bucket",
                "dataworkspace_spawn_duration_seconds_count", "up");
    }

    @Test
    void findsLabelNamesOfMatchers() {
        String expr = "sum(rate(dataworkspace_proxy_requests_total{code=~\"5..\",route_kind!=\"a,b=c\"}[5m]))"
                + " / dataworkspace_instances{state=\"$state\"}";

        assertThat(PromQl.matcherLabels(expr)).containsOnlyKeys("dataworkspace_proxy_requests_total",
                "dataworkspace_instances");
        assertThat(PromQl.matcherLabels(expr).get("dataworkspace_proxy_requests_total"))
                .containsExactly("code", "route_kind");
        assertThat(PromQl.matcherLabels(expr).get("dataworkspace_instances")).containsExactly("state");
    }

    @Test
    void aBareNameIsAMetric() {
        assertThat(PromQl.metricNames("max(dataworkspace_s3sync_lag_seconds) > 600"))
                .containsExactly("dataworkspace_s3sync_lag_seconds");
    }
}
