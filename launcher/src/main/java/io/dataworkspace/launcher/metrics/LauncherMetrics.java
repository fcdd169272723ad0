package io.dataworkspace.launcher.metrics;

import io.dataworkspace.launcher.instance.InstanceRepository.PhaseCount;
import io.dataworkspace.launcher.instance.Phase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The control plane's Prometheus metrics, all named {@code dataworkspace_…}. */
public final class LauncherMetrics {
    /** How a spawn ended. */
    public enum Outcome {
        SUCCESS, FAILURE, CANCELLED;

        String tag() {
            return name().toLowerCase();
        }
    }

    private final MeterRegistry registry;
    private final MultiGauge instances;
    private final AtomicLong queueDepth = new AtomicLong();
    private final AtomicLong databaseUp = new AtomicLong();

    public LauncherMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.instances = MultiGauge.builder("dataworkspace.instances")
                .description("Live instances by tool and state")
                .register(registry);
        Gauge.builder("dataworkspace.spawn.queue.depth", queueDepth, AtomicLong::get)
                .description("Instances queued and not yet taken by a worker")
                .register(registry);
        Gauge.builder("dataworkspace.database.up", databaseUp, AtomicLong::get)
                .description("1 when the last periodic check reached the database, else 0")
                .register(registry);
    }

    /** Records the result of a periodic database check. */
    public void databaseChecked(boolean up) {
        databaseUp.set(up ? 1 : 0);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Time from the start request to the tool answering (or the spawn ending otherwise). */
    public void spawnFinished(String tool, String backend, Outcome outcome, Duration elapsed) {
        Timer.builder("dataworkspace.spawn.duration")
                .description("Time from a start request until the tool answers, fails or is cancelled")
                .tags("tool", tool, "backend", backend, "outcome", outcome.tag())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(50))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry)
                .record(elapsed);
    }

    public void reconcilerAction(String action) {
        Counter.builder("dataworkspace.reconciler.actions")
                .description("Corrections made by the reconciler")
                .tag("action", action)
                .register(registry)
                .increment();
    }

    public void cullerStop(String reason) {
        Counter.builder("dataworkspace.culler.stops")
                .description("Instances stopped by the culler")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /** Replaces the instance gauges with fresh counts (phases with no instances read as absent). */
    public void updateInstanceCounts(List<PhaseCount> counts) {
        instances.register(counts.stream()
                .map(c -> MultiGauge.Row.of(Tags.of("tool", c.toolSlug(), "state", c.phase().name().toLowerCase()),
                        c.count()))
                .toList(), true);
        queueDepth.set(counts.stream().filter(c -> c.phase() == Phase.QUEUED).mapToLong(PhaseCount::count).sum());
    }
}
