package io.dataworkspace.metrics.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextWriterTest {

    private final PrometheusTextWriter writer = new PrometheusTextWriter();

    @Test
    void shouldWriteFamiliesSortedWithHelpTypeAndSortedLabels() {
        String text = writer.write(List.of(
                new MetricFamily("z_total", "Last.", MetricType.COUNTER, List.of(Sample.of(3))),
                new MetricFamily("a_info", "First.", MetricType.GAUGE,
                        List.of(new Sample(Map.of("b", "2", "a", "1"), 1)))));

        assertThat(text).isEqualTo("""
                # HELP a_info First.
                # TYPE a_info gauge
                a_info{a="1",b="2"} 1
                # HELP z_total Last.
                # TYPE z_total counter
                z_total 3
                """);
    }

    @Test
    void shouldOmitFamiliesWithoutSamples() {
        assertThat(writer.write(List.of(new MetricFamily("gone", "x", MetricType.GAUGE, List.of())))).isEmpty();
    }

    @Test
    void shouldEscapeLabelValues() {
        String text = writer.write(List.of(new MetricFamily("m", "h", MetricType.GAUGE,
                List.of(Sample.of("container_name", "a\"b\\c\nd", 1)))));

        assertThat(text).contains("m{container_name=\"a\\\"b\\\\c\\nd\"} 1\n");
    }

    @Test
    void shouldFormatNumbersPrometheusCanParse() {
        assertThat(PrometheusTextWriter.format(4294967296.0)).isEqualTo("4294967296");
        assertThat(PrometheusTextWriter.format(183.456789012)).isEqualTo("183.456789012");
        assertThat(PrometheusTextWriter.format(0.25)).isEqualTo("0.25");
        // beyond 2^53 an exponent is used, and the text reads back as the same double
        String big = PrometheusTextWriter.format(9.223372036854772E18);
        assertThat(big).contains("E18");
        assertThat(Double.parseDouble(big)).isEqualTo(9.223372036854772E18);
        assertThat(PrometheusTextWriter.format(Double.NaN)).isEqualTo("NaN");
        assertThat(PrometheusTextWriter.format(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    }

    @Test
    void shouldRejectInvalidNames() {
        assertThatThrownBy(() -> new MetricFamily("ecs-task", "h", MetricType.GAUGE, List.of()))
                .hasMessageContaining("metric name: ecs-task");
    }
}
