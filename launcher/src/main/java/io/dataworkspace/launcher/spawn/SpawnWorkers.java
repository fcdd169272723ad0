package io.dataworkspace.launcher.spawn;

import io.dataworkspace.launcher.instance.Instance;
import io.dataworkspace.launcher.instance.InstanceChange;
import io.dataworkspace.launcher.instance.InstanceListener;
import io.dataworkspace.launcher.instance.InstanceRepository;
import io.dataworkspace.launcher.instance.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads that take queued instances ({@code FOR UPDATE SKIP LOCKED}, so replicas never take the same one) and start
 * them. They wake on a QUEUED notification from any replica, and poll as a safety net.
 */
public final class SpawnWorkers implements InstanceListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SpawnWorkers.class);

    private final InstanceRepository instances;
    private final InstanceStarter starter;
    private final String owner;
    private final Duration pollInterval;
    private final List<Thread> threads = new ArrayList<>();
    /** One permit per wake-up: each queued instance wakes one worker, not all of them. */
    private final Semaphore wakeups = new Semaphore(0);
    private volatile boolean running = true;

    public SpawnWorkers(InstanceRepository instances, InstanceStarter starter, String owner, int count,
            Duration pollInterval) {
        this.instances = instances;
        this.starter = starter;
        this.owner = owner;
        this.pollInterval = pollInterval;
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(this::work, "spawn-worker-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
    }

    public SpawnWorkers start() {
        threads.forEach(Thread::start);
        return this;
    }

    /** Wakes one idle worker: there may be something queued. */
    public void wake() {
        wakeups.release();
    }

    @Override
    public void onChange(InstanceChange change) {
        // a new request is published as its "Queued" progress message, from whichever replica took it
        if (change.phase() == Phase.QUEUED) {
            wake();
        }
    }

    @Override
    public void onResync() {
        wakeups.release(threads.size());
    }

    private void work() {
        while (running) {
            Optional<Instance> next;
            try {
                next = instances.claimNext(owner);
            } catch (RuntimeException e) {
                log.warn("spawn worker could not read the queue: {}", e.getMessage());
                next = Optional.empty();
            }
            if (next.isPresent()) {
                try {
                    starter.start(next.get());
                } catch (RuntimeException e) {
                    log.error("starting instance {} failed unexpectedly; the reconciler will settle it",
                            next.get().id(), e);
                }
                continue;
            }
            try {
                wakeups.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
