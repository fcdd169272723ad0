package io.dataworkspace.launcher.spawn;

import io.dataworkspace.launcher.audit.AuditLog;
import io.dataworkspace.launcher.backend.BackendException;
import io.dataworkspace.launcher.backend.Backends;
import io.dataworkspace.launcher.backend.ContainerBackend;
import io.dataworkspace.launcher.backend.HealthProbe;
import io.dataworkspace.launcher.backend.TaskSpec;
import io.dataworkspace.launcher.backend.TaskStatus;
import io.dataworkspace.launcher.credentials.CredentialsException;
import io.dataworkspace.launcher.credentials.InstanceCredentials;
import io.dataworkspace.launcher.credentials.IssuedCredentials;
import io.dataworkspace.launcher.instance.Instance;
import io.dataworkspace.launcher.instance.InstanceRepository;
import io.dataworkspace.launcher.instance.InstanceState;
import io.dataworkspace.launcher.instance.Phase;
import io.dataworkspace.launcher.metrics.LauncherMetrics;
import io.dataworkspace.launcher.metrics.LauncherMetrics.Outcome;
import io.dataworkspace.launcher.tool.ToolRepository;
import io.dataworkspace.launcher.tool.ToolTemplate;
import io.dataworkspace.launcher.user.User;
import io.dataworkspace.launcher.user.UserRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a claimed (STARTING) instance to RUNNING: starts its task, waits for the task to be reachable and the tool
 * to answer its health path, renewing the lease meanwhile. Fails it with a readable reason and the tail of the
 * tool's output otherwise. A stop requested meanwhile is honoured: the task is stopped and the instance STOPPED.
 */
public final class InstanceStarter {
    private static final Logger log = LoggerFactory.getLogger(InstanceStarter.class);
    /** Polls come every 1/20 of the time spent so far: a late answer costs ~5% of the tool's own start-up. */
    private static final long POLL_FRACTION = 20;
    private static final long MIN_POLL_NANOS = Duration.ofMillis(5).toNanos();
    private static final long MAX_POLL_NANOS = Duration.ofMillis(500).toNanos();
    private static final Duration STATE_CHECK_EVERY = Duration.ofMillis(500);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final int LOG_LINES_ON_FAILURE = 20;

    private final InstanceRepository instances;
    private final ToolRepository tools;
    private final UserRepository users;
    private final Backends backends;
    private final HealthProbe probe;
    private final LauncherMetrics metrics;
    private final AuditLog audit;
    private final InstanceStopper stopper;
    private final String owner;
    private final Duration leaseRenewEvery;
    private final Duration stopGrace;
    private final InstanceCredentials credentials;

    /** @param credentials issues each instance's scoped credentials into its task's environment */
    public InstanceStarter(InstanceRepository instances, ToolRepository tools, UserRepository users,
            Backends backends, HealthProbe probe, LauncherMetrics metrics, AuditLog audit, InstanceStopper stopper,
            String owner, Duration leaseDuration, Duration stopGrace, InstanceCredentials credentials) {
        this.instances = instances;
        this.tools = tools;
        this.users = users;
        this.backends = backends;
        this.probe = probe;
        this.metrics = metrics;
        this.audit = audit;
        this.stopper = stopper;
        this.owner = owner;
        this.leaseRenewEvery = leaseDuration.dividedBy(3);
        this.stopGrace = stopGrace;
        this.credentials = credentials;
    }

    /** Starts an instance this replica has just claimed. */
    public void start(Instance instance) {
        Optional<ToolTemplate> tool = tools.find(instance.toolSlug());
        Optional<User> user = users.find(instance.userId());
        Optional<ContainerBackend> backend = backends.find(instance.backend());
        if (tool.isEmpty() || user.isEmpty() || backend.isEmpty()) {
            fail(instance, null, null, "the tool, user or backend of this instance no longer exists");
            return;
        }
        instances.addProgress(instance, "Provisioning");
        Map<String, String> env = new HashMap<>(environment(user.get(), instance));
        try {
            IssuedCredentials issued = credentials.issue(instance.id());
            env.putAll(issued.environment());
            audit.record(null, "instance.credentials_issued", instance.id().toString(), null, issued.auditDetails());
        } catch (CredentialsException e) {
            fail(instance, tool.get(), null, "could not issue this tool's credentials: " + e.getMessage());
            return;
        }
        TaskSpec spec = instances.chosenResources(instance.id())
                .map(r -> new TaskSpec(instance.id(), tool.get(), user.get().id(), env, r.cpuMillicores(), r.memoryMb()))
                .orElseGet(() -> new TaskSpec(instance.id(), tool.get(), user.get().id(), env));
        String taskId;
        try {
            taskId = backend.get().start(spec, message -> instances.addProgress(instance, message));
        } catch (BackendException | RuntimeException e) {
            fail(instance, tool.get(), null, e.getMessage());
            return;
        }
        instances.setTaskId(instance.id(), taskId);
        awaitReady(instance, tool.get(), backend.get(), taskId);
    }

    /** Resumes waiting for a STARTING instance whose task exists, after this replica took over its lease. */
    public void resume(Instance instance) {
        Optional<ToolTemplate> tool = tools.find(instance.toolSlug());
        Optional<ContainerBackend> backend = backends.find(instance.backend());
        if (tool.isEmpty() || backend.isEmpty() || instance.taskId().isEmpty()) {
            fail(instance, null, null, "the launcher stopped while starting this tool; please start it again");
            return;
        }
        awaitReady(instance, tool.get(), backend.get(), instance.taskId().get());
    }

    private void awaitReady(Instance instance, ToolTemplate tool, ContainerBackend backend, String taskId) {
        long start = System.nanoTime();
        long deadline = start + tool.startupTimeout().toNanos();
        long lastRenew = start;
        long lastStateCheck = start;
        String lastMessage = null;
        while (true) {
            long now = System.nanoTime();
            if (now - lastRenew >= leaseRenewEvery.toNanos()) {
                if (!instances.renewLease(instance.id(), owner)) {
                    handleLostLease(instance, backend, taskId);
                    return;
                }
                lastRenew = now;
            }
            if (now - lastStateCheck >= STATE_CHECK_EVERY.toNanos()) {
                if (stopRequested(instance, backend, taskId)) {
                    return;
                }
                lastStateCheck = now;
            }
            TaskStatus status = backend.status(taskId);
            if (status instanceof TaskStatus.Exited exited) {
                fail(instance, tool, taskId, tool.name() + " stopped before it answered: " + exited.reason());
                return;
            }
            if (status instanceof TaskStatus.Pending pending && !pending.message().equals(lastMessage)) {
                lastMessage = pending.message();
                instances.addProgress(instance, lastMessage);
            }
            if (status instanceof TaskStatus.Running running) {
                String waiting = "Waiting for " + tool.name() + " to answer";
                if (!waiting.equals(lastMessage)) {
                    lastMessage = waiting;
                    instances.addProgress(instance, waiting);
                }
                if (probe.answers(running.endpoint(), tool.healthPath(), PROBE_TIMEOUT)) {
                    markRunning(instance, tool, backend, taskId, running);
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                fail(instance, tool, taskId, tool.name() + " did not answer on " + tool.healthPath() + " within "
                        + tool.startupTimeout().toSeconds() + " s");
                return;
            }
            long pause = Math.max(MIN_POLL_NANOS, Math.min(MAX_POLL_NANOS, (System.nanoTime() - start) / POLL_FRACTION));
            if (!sleep(Duration.ofNanos(pause))) {
                return;
            }
        }
    }

    private void markRunning(Instance instance, ToolTemplate tool, ContainerBackend backend, String taskId,
            TaskStatus.Running running) {
        Optional<Instance> moved = instances.transition(instance.id(), Phase.STARTING,
                new InstanceState.Running(running.endpoint()), null);
        if (moved.isPresent()) {
            instances.addProgress(moved.get(), "Ready");
            metrics.spawnFinished(tool.slug(), backend.name(), Outcome.SUCCESS, sinceRequest(instance));
            log.info("instance {} of {} is running at {}", instance.id(), tool.slug(), running.endpoint());
        } else {
            stopRequested(instance, backend, taskId);
        }
    }

    /** If a stop was requested meanwhile, stops the task, marks the instance STOPPED and returns true. */
    private boolean stopRequested(Instance instance, ContainerBackend backend, String taskId) {
        Optional<Instance> current = instances.find(instance.id());
        if (current.isPresent() && current.get().phase() == Phase.STOPPING) {
            stopper.finishStop(withTask(current.get(), taskId));
            metrics.spawnFinished(instance.toolSlug(), backend.name(), Outcome.CANCELLED, sinceRequest(instance));
            return true;
        }
        return current.isEmpty() || current.get().phase() != Phase.STARTING;
    }

    private void handleLostLease(Instance instance, ContainerBackend backend, String taskId) {
        if (!stopRequested(instance, backend, taskId)) {
            log.warn("lost the lease on instance {} while starting it; another replica has taken it over",
                    instance.id());
        }
    }

    private void fail(Instance instance, ToolTemplate tool, String taskId, String reason) {
        Optional<ContainerBackend> backend = backends.find(instance.backend());
        if (taskId != null && backend.isPresent()) {
            List<String> tail = backend.get().logTail(taskId, LOG_LINES_ON_FAILURE);
            if (!tail.isEmpty()) {
                instances.addProgress(instance, "Last lines of the tool's output:\n" + String.join("\n", tail));
            }
            try {
                backend.get().stop(taskId, stopGrace);
            } catch (BackendException | RuntimeException e) {
                log.warn("could not stop the failed task {} of instance {}: {}", taskId, instance.id(),
                        e.getMessage());
            }
        }
        stopper.revokeCredentials(instance);
        Optional<Instance> failed = instances.transition(instance.id(), Phase.STARTING,
                new InstanceState.Failed(reason), null);
        if (failed.isEmpty()) {
            // asked to stop meanwhile: the task is already stopped above
            instances.find(instance.id()).filter(i -> i.phase() == Phase.STOPPING)
                    .ifPresent(i -> instances.transition(i.id(), Phase.STOPPING, new InstanceState.Stopped(), null));
            return;
        }
        instances.addProgress(failed.get(), "Failed: " + reason);
        audit.record(null, "instance.failed", instance.id().toString(), null,
                Map.of("tool", instance.toolSlug(), "user", instance.userId(), "reason", reason));
        metrics.spawnFinished(instance.toolSlug(), instance.backend(), Outcome.FAILURE, sinceRequest(instance));
        log.warn("instance {} of {} failed: {}", instance.id(), tool == null ? instance.toolSlug() : tool.slug(),
                reason);
    }

    private static Instance withTask(Instance i, String taskId) {
        return new Instance(i.id(), i.host(), i.userId(), i.toolSlug(), i.state(), i.backend(), Optional.of(taskId),
                i.createdAt(), i.updatedAt(), i.startedAt(), i.runningAt(), i.endedAt(), i.lastActivityAt());
    }

    private static Duration sinceRequest(Instance instance) {
        Duration elapsed = Duration.between(instance.createdAt(), Instant.now());
        return elapsed.isNegative() ? Duration.ZERO : elapsed;
    }

    /** The environment every tool gets, whatever the backend. */
    static Map<String, String> environment(User user, Instance instance) {
        return Map.of(
                "DATAWORKSPACE_USER_ID", user.id(),
                "DATAWORKSPACE_USER_EMAIL", user.email(),
                "DATAWORKSPACE_USER_NAME", user.name(),
                "DATAWORKSPACE_INSTANCE_ID", instance.id().toString(),
                "DATAWORKSPACE_TOOL", instance.toolSlug(),
                "BASE_URL", "/");
    }

    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
