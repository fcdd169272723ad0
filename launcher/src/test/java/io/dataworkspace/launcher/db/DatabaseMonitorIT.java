package io.dataworkspace.launcher.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.metrics.LauncherMetrics;
import io.dataworkspace.launcher.testing.Poll;
import io.dataworkspace.launcher.testing.TestPostgres;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DatabaseMonitorIT {
    @Test
    void shouldReportTheDatabaseUpThenDownOnTheGauge() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LauncherMetrics metrics = new LauncherMetrics(registry);
        Database database = Database.connect(TestPostgres.newDatabaseUrl(), "postgres", null, 2);
        try (DatabaseMonitor monitor = new DatabaseMonitor(database, metrics::databaseChecked,
                Duration.ofMillis(50))) {
            Poll.until(Duration.ofSeconds(10), "the gauge to read 1",
                    () -> registry.scrape().contains("dataworkspace_database_up 1.0"));
            database.close();
            Poll.until(Duration.ofSeconds(10), "the gauge to read 0",
                    () -> registry.scrape().contains("dataworkspace_database_up 0.0"));
        }
        assertThat(registry.scrape()).contains("dataworkspace_database_up 0.0");
    }
}
