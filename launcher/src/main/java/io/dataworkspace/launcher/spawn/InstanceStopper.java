package io.dataworkspace.launcher.spawn;

import io.dataworkspace.launcher.backend.BackendException;
import io.dataworkspace.launcher.backend.Backends;
import io.dataworkspace.launcher.backend.ContainerBackend;
import io.dataworkspace.launcher.credentials.InstanceCredentials;
import io.dataworkspace.launcher.instance.Instance;
import io.dataworkspace.launcher.instance.InstanceRepository;
import io.dataworkspace.launcher.instance.InstanceState;
import io.dataworkspace.launcher.instance.Phase;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops instances. A running instance moves to STOPPING under this replica's lease, its task is stopped in the
 * background, then it is STOPPED. A starting instance is only marked STOPPING: the worker starting it holds its task
 * and stops it itself. If this replica dies mid-stop, the lease runs out and the reconciler finishes the stop.
 */
public final class InstanceStopper {
    private static final Logger log = LoggerFactory.getLogger(InstanceStopper.class);

    private final InstanceRepository instances;
    private final Backends backends;
    private final String owner;
    private final Duration grace;
    private final ExecutorService executor;
    private final InstanceCredentials credentials;

    /** @param credentials revoked once an instance is STOPPED (its token, S3 session cache and database role) */
    public InstanceStopper(InstanceRepository instances, Backends backends, String owner, Duration grace,
            ExecutorService executor, InstanceCredentials credentials) {
        this.instances = instances;
        this.backends = backends;
        this.owner = owner;
        this.grace = grace;
        this.executor = executor;
        this.credentials = credentials;
    }

    /** Asks the instance to stop and returns it as it is right after the request. Idempotent. */
    public Instance requestStop(Instance instance, String reason) {
        Instance current = instance;
        for (int attempt = 0; attempt < 5; attempt++) {
            Phase phase = current.phase();
            Optional<Instance> moved = switch (phase) {
                case QUEUED, RUNNING -> instances.transition(current.id(), phase, new InstanceState.Stopping(reason),
                        owner);
                case STARTING -> instances.transition(current.id(), phase, new InstanceState.Stopping(reason), null);
                case STOPPING, STOPPED, FAILED -> Optional.of(current);
            };
            if (moved.isPresent()) {
                Instance stopping = moved.get();
                if (phase == Phase.QUEUED) {
                    finishStop(stopping);
                    return instances.find(stopping.id()).orElse(stopping);
                }
                if (phase == Phase.RUNNING) {
                    executor.execute(() -> finishStop(stopping));
                }
                return stopping;
            }
            current = instances.find(current.id()).orElseThrow();
        }
        throw new IllegalStateException("instance " + instance.id() + " kept changing while being stopped");
    }

    /**
     * Stops the task of a STOPPING instance whose lease this replica holds, then marks it STOPPED. When the backend
     * fails, the instance stays STOPPING and the reconciler retries once the lease runs out.
     */
    public void finishStop(Instance instance) {
        Optional<String> taskId = instance.taskId();
        if (taskId.isPresent()) {
            Optional<ContainerBackend> backend = backends.find(instance.backend());
            if (backend.isEmpty()) {
                log.error("cannot stop instance {}: backend {} is not configured", instance.id(), instance.backend());
                return;
            }
            try {
                backend.get().stop(taskId.get(), grace);
            } catch (BackendException | RuntimeException e) {
                log.warn("stopping instance {} failed, the reconciler will retry: {}", instance.id(), e.getMessage());
                return;
            }
        }
        revokeCredentials(instance);
        instances.transition(instance.id(), Phase.STOPPING, new InstanceState.Stopped(), null)
                .ifPresent(stopped -> instances.addProgress(stopped, "Stopped"));
    }

    /**
     * Revokes the credentials of an instance whose task has ended, before it is marked STOPPED or FAILED (so those
     * states mean revoked); a failure is left to the credentials sweeper.
     */
    void revokeCredentials(Instance instance) {
        try {
            credentials.revoke(instance.id());
        } catch (RuntimeException e) {
            log.warn("revoking the credentials of instance {} failed, the sweeper will retry: {}", instance.id(),
                    e.getMessage());
        }
    }
}
