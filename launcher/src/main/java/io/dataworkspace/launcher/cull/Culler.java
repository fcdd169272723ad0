package io.dataworkspace.launcher.cull;

import io.dataworkspace.launcher.backend.Backends;
import io.dataworkspace.launcher.instance.Instance;
import io.dataworkspace.launcher.instance.InstanceRepository;
import io.dataworkspace.launcher.instance.Phase;
import io.dataworkspace.launcher.metrics.LauncherMetrics;
import io.dataworkspace.launcher.spawn.SpawnService;
import io.dataworkspace.launcher.tool.ToolRepository;
import io.dataworkspace.launcher.tool.ToolTemplate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops running instances that have been idle longer than their tool's idle timeout, and those past their maximum
 * lifetime (warning the user first). Idle means no proxied traffic <em>and</em> CPU below a threshold, so a long
 * computation with no browser attached is not mistaken for idleness: each pass samples every running instance's CPU
 * time, and a busy one counts as active.
 */
public final class Culler {
    private static final Logger log = LoggerFactory.getLogger(Culler.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final InstanceRepository instances;
    private final ToolRepository tools;
    private final Backends backends;
    private final SpawnService spawns;
    private final ActivityRecorder activity;
    private final LauncherMetrics metrics;
    private final double busyCpuThreshold;
    private final Duration lifetimeWarning;
    private final Clock clock;
    private final Map<UUID, CpuSample> lastCpu = new ConcurrentHashMap<>();

    private record CpuSample(double seconds, Instant at) {
    }

    /**
     * @param busyCpuThreshold CPU cores in use (e.g. 0.05) above which an instance counts as active
     */
    public Culler(InstanceRepository instances, ToolRepository tools, Backends backends, SpawnService spawns,
            ActivityRecorder activity, LauncherMetrics metrics, double busyCpuThreshold, Duration lifetimeWarning,
            Clock clock) {
        this.instances = instances;
        this.tools = tools;
        this.backends = backends;
        this.spawns = spawns;
        this.activity = activity;
        this.metrics = metrics;
        this.busyCpuThreshold = busyCpuThreshold;
        this.lifetimeWarning = lifetimeWarning;
        this.clock = clock;
    }

    /** One pass over the running instances. Safe on several replicas: stopping is a guarded transition. */
    public void cull() {
        Instant now = clock.instant();
        activity.flush();
        Map<String, ToolTemplate> toolsBySlug = tools.list().stream()
                .collect(Collectors.toMap(ToolTemplate::slug, Function.identity()));
        Map<UUID, Instance> running = instances.live().stream()
                .filter(i -> i.phase() == Phase.RUNNING)
                .collect(Collectors.toMap(Instance::id, Function.identity()));
        lastCpu.keySet().retainAll(running.keySet());
        for (Instance instance : running.values()) {
            ToolTemplate tool = toolsBySlug.get(instance.toolSlug());
            if (tool != null) {
                cullOne(instance, tool, now);
            }
        }
    }

    private void cullOne(Instance instance, ToolTemplate tool, Instant now) {
        Instant runningSince = instance.runningAt() == null ? instance.createdAt() : instance.runningAt();
        Instant stopAt = runningSince.plus(tool.maxLifetime());
        if (!now.isBefore(stopAt)) {
            stop(instance, "it reached its maximum lifetime of " + human(tool.maxLifetime()), "max_lifetime");
            return;
        }
        if (!now.isBefore(stopAt.minus(lifetimeWarning)) && instances.markLifetimeWarned(instance.id())) {
            instances.addProgress(instance, tool.name() + " will be stopped at " + TIME.format(stopAt)
                    + " because it reaches its maximum lifetime of " + human(tool.maxLifetime())
                    + ". Save your work.");
        }
        CpuVerdict cpu = sampleCpu(instance, now);
        if (cpu == CpuVerdict.BUSY) {
            activity.record(instance.id(), now);
            return;
        }
        Instant lastActive = latest(runningSince, instance.lastActivityAt());
        boolean idle = !now.isBefore(lastActive.plus(tool.idleTimeout()));
        // without a first CPU sample we cannot tell a busy tool from an idle one yet: decide next pass
        if (idle && cpu != CpuVerdict.UNKNOWN_YET) {
            stop(instance, "it was idle for " + human(tool.idleTimeout()), "idle");
        }
    }

    private enum CpuVerdict {
        BUSY, QUIET, UNKNOWN_YET, NOT_MEASURED
    }

    private CpuVerdict sampleCpu(Instance instance, Instant now) {
        Optional<Double> seconds = instance.taskId()
                .flatMap(task -> backends.find(instance.backend()).flatMap(b -> b.cpuSeconds(task)));
        if (seconds.isEmpty()) {
            return CpuVerdict.NOT_MEASURED;
        }
        CpuSample previous = lastCpu.put(instance.id(), new CpuSample(seconds.get(), now));
        if (previous == null) {
            return CpuVerdict.UNKNOWN_YET;
        }
        double elapsed = Duration.between(previous.at(), now).toMillis() / 1000.0;
        if (elapsed <= 0) {
            return CpuVerdict.UNKNOWN_YET;
        }
        double cores = (seconds.get() - previous.seconds()) / elapsed;
        return cores > busyCpuThreshold ? CpuVerdict.BUSY : CpuVerdict.QUIET;
    }

    private void stop(Instance instance, String reason, String metricReason) {
        log.info("culling instance {} of {}: {}", instance.id(), instance.toolSlug(), reason);
        instances.addProgress(instance, "Stopping because " + reason);
        spawns.requestStop(instance, reason, null, null);
        metrics.cullerStop(metricReason);
        lastCpu.remove(instance.id());
    }

    private static Instant latest(Instant a, Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }

    static String human(Duration d) {
        if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
            return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        }
        if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
            return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
        }
        if (d.toMinutes() > 0 && d.equals(Duration.ofMinutes(d.toMinutes()))) {
            return d.toMinutes() + (d.toMinutes() == 1 ? " minute" : " minutes");
        }
        return d.toSeconds() + (d.toSeconds() == 1 ? " second" : " seconds");
    }
}
