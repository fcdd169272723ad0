package io.dataworkspace.metrics.collect;

import io.dataworkspace.metrics.ecs.Failure;
import io.dataworkspace.metrics.ecs.FailureReason;
import io.dataworkspace.metrics.ecs.Fetch;
import io.dataworkspace.metrics.ecs.Snapshot;
import io.dataworkspace.metrics.ecs.TaskMetadata;
import io.dataworkspace.metrics.ecs.TaskMetadataSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects at request time: fetches a snapshot, counts its failures, and turns it into series.
 * Logs a failure once when it starts or changes and once when it clears, not on every scrape.
 */
public final class Scraper {

    private static final Logger LOG = LoggerFactory.getLogger(Scraper.class);

    /**
     * One scrape's result.
     *
     * @param snapshot  what the endpoint gave
     * @param collected the series built from it
     */
    public record Scrape(Snapshot snapshot, Collected collected) {
    }

    private final TaskMetadataSource source;
    private final EcsCollector collector;
    private final SidecarMetrics self;
    private final AtomicReference<String> lastProblem = new AtomicReference<>();

    /**
     * @param source    the metadata endpoint
     * @param collector builds the series
     * @param self      the sidecar's own counters
     */
    public Scraper(TaskMetadataSource source, EcsCollector collector, SidecarMetrics self) {
        this.source = source;
        this.collector = collector;
        this.self = self;
    }

    /** @return the collector, for callers that need its skip rule */
    public EcsCollector collector() {
        return collector;
    }

    /** @return the sidecar's own counters */
    public SidecarMetrics self() {
        return self;
    }

    /**
     * Fetches and collects once; never throws.
     *
     * @return the snapshot and its series
     */
    public Scrape scrape() {
        Snapshot snapshot = source.snapshot();
        Collected collected = collector.collect(snapshot);
        if (snapshot instanceof Snapshot.Unavailable u) {
            failed(u.failure());
        } else if (snapshot instanceof Snapshot.TaskOnly t) {
            failed(t.statsFailure());
        } else {
            collected.containersWithoutStats().forEach(c -> self.recordError(FailureReason.STATS_MISSING));
            List<String> missing = collected.containersWithoutStats();
            report(missing.isEmpty() ? null
                    : "no stats for container(s) " + missing + " (stopped or not yet started); their series are absent");
        }
        self.recordCollection(snapshot instanceof Snapshot.Complete, snapshot.duration());
        return new Scrape(snapshot, collected);
    }

    /**
     * Checks that the task metadata can be fetched now; never throws. A failure is counted.
     *
     * @return the outcome
     */
    public Fetch<TaskMetadata> check() {
        Fetch<TaskMetadata> task = source.task();
        if (task instanceof Fetch.Failed<TaskMetadata> f) {
            failed(f.failure());
        }
        return task;
    }

    private void failed(Failure failure) {
        self.recordError(failure.reason());
        report(failure.message());
    }

    private void report(String problem) {
        String previous = lastProblem.getAndSet(problem);
        if (Objects.equals(previous, problem)) {
            if (problem != null) {
                LOG.debug("metadata still failing: {}", problem);
            }
        } else if (problem == null) {
            LOG.info("metadata endpoint healthy again (was: {})", previous);
        } else {
            LOG.warn("metadata: {}", problem);
        }
    }
}
