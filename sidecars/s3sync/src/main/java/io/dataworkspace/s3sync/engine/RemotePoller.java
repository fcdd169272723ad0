package io.dataworkspace.s3sync.engine;

import io.dataworkspace.s3sync.decide.RemoteObject;
import io.dataworkspace.s3sync.local.Exclusions;
import io.dataworkspace.s3sync.metrics.SyncMetrics;
import io.dataworkspace.s3sync.remote.RemoteStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the prefix every poll interval on its own thread and applies complete listings to the
 * {@link RemoteIndex}; paths whose object appeared, changed or vanished are handed on. A failed
 * listing changes nothing.
 */
final class RemotePoller {
    private static final Logger LOG = LoggerFactory.getLogger(RemotePoller.class);

    private final RemoteStore remote;
    private final RemoteIndex index;
    private final Exclusions exclusions;
    private final SyncMetrics metrics;
    private final Duration interval;
    private final Consumer<List<String>> changed;
    private final String where;
    private volatile boolean running;
    private volatile long lastListingMillis;
    private Thread thread;

    RemotePoller(RemoteStore remote, RemoteIndex index, Exclusions exclusions, SyncMetrics metrics, Duration interval,
            String where, Consumer<List<String>> changed) {
        this.remote = remote;
        this.index = index;
        this.exclusions = exclusions;
        this.metrics = metrics;
        this.interval = interval;
        this.where = where;
        this.changed = changed;
    }

    void start() {
        running = true;
        thread = new Thread(this::loop, "s3sync-poller");
        thread.setDaemon(true);
        thread.start();
    }

    /** @return seconds since the last complete listing, -1 before the first */
    double listingAgeSeconds() {
        long last = lastListingMillis;
        return last == 0 ? -1 : (System.currentTimeMillis() - last) / 1000.0;
    }

    private void loop() {
        while (running) {
            long started = System.nanoTime();
            try {
                Map<String, RemoteObject> listing = remote.list();
                List<String> paths = index.apply(listing, started, p -> !exclusions.excluded(p));
                lastListingMillis = System.currentTimeMillis();
                if (!paths.isEmpty()) {
                    LOG.debug("listing: {} paths changed remotely", paths.size());
                    changed.accept(paths);
                }
            } catch (RuntimeException e) {
                metrics.error("list");
                LOG.warn("listing {} failed (will retry): {}", where, SyncEngine.oneLine(e));
            }
            sleepUntil(started + interval.toNanos());
        }
    }

    private synchronized void sleepUntil(long deadlineNanos) {
        long left;
        while (running && (left = deadlineNanos - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    void stop() {
        synchronized (this) {
            running = false;
            notifyAll();
        }
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
