package io.dataworkspace.launcher.db;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every few seconds that the database answers and reports the result (to the
 * {@code dataworkspace_database_up} gauge), so a scrape never waits on the database and an outage shows even when
 * nobody is signing in. Logs each change between up and down once.
 */
public final class DatabaseMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DatabaseMonitor.class);

    private final Database database;
    private final Consumer<Boolean> report;
    private final ScheduledExecutorService timer;
    private Boolean last;

    public DatabaseMonitor(Database database, Consumer<Boolean> report, Duration every) {
        this.database = database;
        this.report = report;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "database-monitor");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::check, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        boolean up = database.isHealthy();
        report.accept(up);
        if (last == null || last != up) {
            if (up) {
                log.info("database reachable: {}", database.describe());
            } else {
                log.warn("database unreachable: {}", database.describe());
            }
            last = up;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
