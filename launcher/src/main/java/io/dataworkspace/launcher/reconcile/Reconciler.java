package io.dataworkspace.launcher.reconcile;

import io.dataworkspace.launcher.audit.AuditLog;
import io.dataworkspace.launcher.backend.BackendException;
import io.dataworkspace.launcher.backend.BackendTask;
import io.dataworkspace.launcher.backend.Backends;
import io.dataworkspace.launcher.backend.ContainerBackend;
import io.dataworkspace.launcher.backend.TaskStatus;
import io.dataworkspace.launcher.instance.Instance;
import io.dataworkspace.launcher.instance.InstanceRepository;
import io.dataworkspace.launcher.instance.InstanceState;
import io.dataworkspace.launcher.instance.Phase;
import io.dataworkspace.launcher.metrics.LauncherMetrics;
import io.dataworkspace.launcher.spawn.InstanceStarter;
import io.dataworkspace.launcher.spawn.InstanceStopper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the database and the backends agree. On each pass it:
 * <ul>
 *   <li>stops orphans: tasks whose instance is not live (or unknown);</li>
 *   <li>fails RUNNING instances whose task vanished;</li>
 *   <li>finishes transitions whose worker died (its lease ran out): a STARTING instance whose task exists is
 *       resumed, one without a task is failed; a STOPPING instance is stopped.</li>
 * </ul>
 * The database is read before the backends, and each correction re-reads its row, so a task started between the
 * two reads is never taken for an orphan.
 */
public final class Reconciler {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final InstanceRepository instances;
    private final Backends backends;
    private final InstanceStarter starter;
    private final InstanceStopper stopper;
    private final LauncherMetrics metrics;
    private final AuditLog audit;
    private final String owner;
    private final Duration stopGrace;
    private final ExecutorService executor;

    public Reconciler(InstanceRepository instances, Backends backends, InstanceStarter starter,
            InstanceStopper stopper, LauncherMetrics metrics, AuditLog audit, String owner, Duration stopGrace,
            ExecutorService executor) {
        this.instances = instances;
        this.backends = backends;
        this.starter = starter;
        this.stopper = stopper;
        this.metrics = metrics;
        this.audit = audit;
        this.owner = owner;
        this.stopGrace = stopGrace;
        this.executor = executor;
    }

    /** One pass over every backend. Safe to run on several replicas at once. */
    public void reconcile() {
        List<Instance> live = instances.live();
        for (ContainerBackend backend : backends.all()) {
            List<BackendTask> tasks;
            try {
                tasks = backend.list();
            } catch (BackendException | RuntimeException e) {
                log.warn("reconciler cannot list the tasks of backend {}: {}", backend.name(), e.getMessage());
                continue;
            }
            reconcileBackend(backend, live.stream().filter(i -> i.backend().equals(backend.name())).toList(), tasks);
        }
        resumeAbandoned();
    }

    private void reconcileBackend(ContainerBackend backend, List<Instance> live, List<BackendTask> tasks) {
        Map<UUID, Instance> liveById = live.stream().collect(Collectors.toMap(Instance::id, i -> i));
        Set<String> taskIds = tasks.stream().map(BackendTask::taskId).collect(Collectors.toSet());
        for (BackendTask task : tasks) {
            if (!liveById.containsKey(task.instanceId())) {
                stopIfOrphan(backend, task);
            }
        }
        for (Instance instance : live) {
            if (instance.phase() == Phase.RUNNING
                    && (instance.taskId().isEmpty() || !taskIds.contains(instance.taskId().get()))) {
                failVanished(backend, instance);
            }
        }
    }

    private void stopIfOrphan(ContainerBackend backend, BackendTask task) {
        Optional<Instance> row = instances.find(task.instanceId());
        if (row.isPresent() && row.get().phase().isLive()) {
            return; // became live after our snapshot
        }
        try {
            backend.stop(task.taskId(), stopGrace);
            metrics.reconcilerAction("orphan_stopped");
            audit.record(null, "instance.orphan_stopped", task.instanceId().toString(), null,
                    Map.of("backend", backend.name(), "task", task.taskId()));
            log.info("stopped orphan task {} of backend {} (instance {} is {})", task.taskId(), backend.name(),
                    task.instanceId(), row.map(i -> i.phase().name()).orElse("unknown"));
        } catch (BackendException | RuntimeException e) {
            log.warn("could not stop orphan task {}: {}", task.taskId(), e.getMessage());
        }
    }

    private void failVanished(ContainerBackend backend, Instance instance) {
        String reason = instance.taskId()
                .map(backend::status)
                .filter(TaskStatus.Exited.class::isInstance)
                .map(s -> ((TaskStatus.Exited) s).reason())
                .orElse("its task is no longer running");
        Optional<Instance> failed = instances.transition(instance.id(), Phase.RUNNING,
                new InstanceState.Failed("the tool stopped unexpectedly: " + reason), null);
        failed.ifPresent(f -> {
            instances.addProgress(f, "Failed: the tool stopped unexpectedly: " + reason);
            metrics.reconcilerAction("vanished_failed");
            audit.record(null, "instance.failed", f.id().toString(), null, Map.of("reason", reason));
            log.warn("instance {} failed: its task vanished ({})", f.id(), reason);
        });
    }

    /** Finishes STARTING and STOPPING instances whose worker stopped renewing its lease. */
    private void resumeAbandoned() {
        for (Instance instance : instances.withExpiredLease()) {
            if (!instances.takeOverLease(instance.id(), instance.phase(), owner)) {
                continue;
            }
            if (instance.phase() == Phase.STOPPING) {
                metrics.reconcilerAction("stop_finished");
                executor.execute(() -> stopper.finishStop(instance));
            } else if (instance.taskId().isPresent() && taskExists(instance)) {
                metrics.reconcilerAction("start_resumed");
                log.info("resuming the start of instance {} left by a stopped launcher", instance.id());
                executor.execute(() -> starter.resume(instance));
            } else {
                instances.transition(instance.id(), Phase.STARTING, new InstanceState.Failed(
                        "the launcher stopped while starting this tool; please start it again"), null)
                        .ifPresent(f -> {
                            instances.addProgress(f, "Failed: the launcher stopped while starting this tool");
                            metrics.reconcilerAction("interrupted_failed");
                            log.warn("failed instance {}: its launcher stopped while starting it", f.id());
                        });
            }
        }
    }

    private boolean taskExists(Instance instance) {
        return backends.find(instance.backend())
                .map(b -> !(b.status(instance.taskId().get()) instanceof TaskStatus.Exited))
                .orElse(false);
    }
}
