package io.dataworkspace.launcher.backend.fargate;

import io.dataworkspace.launcher.backend.BackendException;
import io.dataworkspace.launcher.backend.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The last known state of each task the launcher is waiting for, kept fresh with as few DescribeTasks calls as
 * possible: a task is described again only after a backoff interval (from {@code pollMin}, doubling while nothing
 * changes, up to {@code pollMax}, with jitter), and one call describes every watched task that is due or nearly due
 * (up to 100), so a hundred tools starting at once cost about one call per interval, not a hundred. A caller whose
 * task is already part of a call in flight waits for that call instead of making its own.
 */
final class TaskWatcher {
    private static final Logger log = LoggerFactory.getLogger(TaskWatcher.class);
    private static final int MAX_WATCHED = 10_000;

    /** DescribeTasks for a batch of task ARNs. */
    interface Describer {
        List<Task> describe(List<String> arns) throws BackendException;
    }

    private record Observation(TaskStatus status, Optional<String> ip, long describedAt, long nextDescribeAt,
            long intervalNanos) {
    }

    private final Describer describer;
    private final String s3syncContainer;
    private final long pollMin;
    private final long pollMax;
    private final int batchSize;
    private final Map<String, Observation> observations = new ConcurrentHashMap<>();
    /** When someone last asked for each task's status: only tasks still asked about join a batch. */
    private final Map<String, Long> askedAt = new ConcurrentHashMap<>();
    /** The DescribeTasks call each task is part of right now; also the lock for choosing batches. */
    private final Map<String, CompletableFuture<Void>> inFlight = new HashMap<>();
    private final Duration waitLimit;

    /**
     * @param batchSize tasks per DescribeTasks call (ECS allows 100; 1 turns batching off)
     * @param waitLimit how long a caller waits for another caller's call that covers its task (the describer's own
     *                  bound, plus a margin)
     */
    TaskWatcher(Describer describer, String s3syncContainer, Duration pollMin, Duration pollMax, int batchSize,
            Duration waitLimit) {
        this.describer = describer;
        this.s3syncContainer = s3syncContainer;
        this.pollMin = pollMin.toNanos();
        this.pollMax = pollMax.toNanos();
        this.batchSize = batchSize;
        this.waitLimit = waitLimit;
    }

    /** The task's state: the last description while it is fresh, else a new one. */
    TaskStatus status(String arn) {
        long now = System.nanoTime();
        askedAt.put(arn, now);
        Observation seen = observations.get(arn);
        if (seen != null && now < seen.nextDescribeAt()) {
            return seen.status();
        }
        CompletableFuture<Void> call;
        List<String> batch = null;
        synchronized (inFlight) {
            call = inFlight.get(arn);
            if (call == null) {
                seen = observations.get(arn);
                if (seen != null && System.nanoTime() < seen.nextDescribeAt()) {
                    return seen.status(); // described by another caller's batch meanwhile
                }
                batch = batchWith(arn, now);
                call = new CompletableFuture<>();
                for (String member : batch) {
                    inFlight.put(member, call);
                }
            }
        }
        if (batch == null) {
            awaitOthers(call);
        } else {
            try {
                refresh(batch, System.nanoTime());
            } finally {
                synchronized (inFlight) {
                    batch.forEach(inFlight::remove);
                }
                call.complete(null);
            }
        }
        Observation described = observations.get(arn);
        return described != null ? described.status() : new TaskStatus.Pending("Waiting for AWS to describe the task");
    }

    /** Waits (bounded) for a DescribeTasks that another caller is making for this task too. */
    private void awaitOthers(CompletableFuture<Void> call) {
        try {
            call.get(waitLimit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("gave up waiting for another DescribeTasks: {}", e.toString());
        }
    }

    /** Records a description obtained otherwise (RunTask's answer): the task is watched from now on. */
    void record(String arn, Task task) {
        long now = System.nanoTime();
        askedAt.put(arn, now);
        observe(arn, task, now);
    }

    /** The task's private address, from the last description or a new one. */
    Optional<String> address(String arn) {
        Observation seen = observations.get(arn);
        if (seen == null || seen.ip().isEmpty()) {
            status(arn);
            seen = observations.get(arn);
        }
        return seen == null ? Optional.empty() : seen.ip();
    }

    void forget(String arn) {
        observations.remove(arn);
        askedAt.remove(arn);
    }

    /**
     * {@code arn} and the other watched tasks, still asked about and not being described already, that are due
     * within the minimum interval (describing those a little early saves them a call of their own).
     */
    private List<String> batchWith(String arn, long now) {
        List<String> batch = new ArrayList<>();
        batch.add(arn);
        long soon = now + pollMin;
        long stillAsked = now - 2 * pollMax;
        for (Map.Entry<String, Observation> entry : observations.entrySet()) {
            if (batch.size() >= batchSize) {
                break;
            }
            Observation o = entry.getValue();
            if (!entry.getKey().equals(arn) && !inFlight.containsKey(entry.getKey())
                    && !(o.status() instanceof TaskStatus.Exited)
                    && o.nextDescribeAt() <= soon && askedAt.getOrDefault(entry.getKey(), 0L) > stillAsked) {
                batch.add(entry.getKey());
            }
        }
        return batch;
    }

    private void refresh(List<String> batch, long now) {
        List<Task> described;
        try {
            described = describer.describe(batch);
        } catch (BackendException e) {
            log.warn("cannot describe {} task(s): {}", batch.size(), e.getMessage());
            for (String arn : batch) {
                Observation seen = observations.get(arn);
                TaskStatus unknown = seen != null ? seen.status()
                        : new TaskStatus.Pending("Waiting for AWS to describe the task");
                observations.put(arn, new Observation(unknown, seen == null ? Optional.empty() : seen.ip(), now,
                        now + pollMax, pollMax));
            }
            return;
        }
        Map<String, Task> byArn = new HashMap<>();
        described.forEach(t -> byArn.put(t.taskArn(), t));
        for (String arn : batch) {
            Task task = byArn.get(arn);
            if (task == null) {
                observations.put(arn, new Observation(new TaskStatus.Exited("the task no longer exists in ECS (it "
                        + "stopped over an hour ago, or was never started)"), Optional.empty(), now, now + pollMax,
                        pollMax));
            } else {
                observe(arn, task, now);
            }
        }
        prune(now);
    }

    private void observe(String arn, Task task, long now) {
        Observation previous = observations.get(arn);
        TaskStatus status = TaskStates.statusOf(task, s3syncContainer);
        long interval = previous == null || !previous.status().equals(status)
                ? pollMin
                : Math.min(pollMax, previous.intervalNanos() * 2);
        long jittered = interval - ThreadLocalRandom.current().nextLong(interval / 5 + 1);
        observations.put(arn, new Observation(status, TaskStates.privateIp(task), now, now + jittered, interval));
    }

    /** Forgets tasks nobody asked about for ten minutes, so the maps stay bounded. */
    private void prune(long now) {
        if (observations.size() > MAX_WATCHED) {
            long cutoff = now - Duration.ofMinutes(10).toNanos();
            askedAt.values().removeIf(t -> t < cutoff);
            observations.keySet().removeIf(arn -> !askedAt.containsKey(arn));
        }
    }
}
