package io.dataworkspace.launcher.backend.fargate;

import io.dataworkspace.launcher.backend.BackendException;
import io.dataworkspace.launcher.backend.TaskSpec;
import io.dataworkspace.launcher.backend.TaskStatus;
import io.dataworkspace.launcher.testing.aws.FakeEcs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What the Fargate backend costs the account's ECS API quota when many tools start at once, and what that costs in
 * start-up time. N concurrent starts against the fake ECS, whose tasks take a fixed time to reach RUNNING and whose
 * DescribeTasks is rate limited like ECS's (a token bucket), each polled as InstanceStarter polls (every 1/20 of the
 * time spent, 5 ms to 500 ms). Three configurations in the same run:
 * <ul>
 *   <li><b>paced + batched</b> (the defaults): a task is described at most once per 1 s doubling to 5 s, and one
 *       DescribeTasks describes every task that is due;</li>
 *   <li><b>paced, one task per call</b>: the same intervals without batching;</li>
 *   <li><b>naive</b> (the peer): a DescribeTasks of one task on every status() call, as a backend without pacing
 *       would do.</li>
 * </ul>
 * Printed: DescribeTasks calls, throttled calls, calls per start, and the delay between a task becoming RUNNING and
 * the launcher seeing it (p50/p95/max). Run with bench/fargate/run.sh. Not a test: nothing here runs in CI.
 */
public final class FargateBenchmark {
    private static final Duration PROVISIONING = Duration.ofSeconds(2);
    private static final Duration PENDING = Duration.ofSeconds(4);
    private static final Duration ACTIVATING = Duration.ofSeconds(1);
    /** The backend's defaults (the test environment polls faster). */
    private static final Map<String, String> PACED = Map.of("FARGATE_POLL_MIN", "1s", "FARGATE_POLL_MAX", "5s");

    private FargateBenchmark() {
    }

    record Result(String name, int starts, int describeCalls, double tasksPerCall, int throttled,
            List<Long> detectMillis, long wallMillis, int failed) {
    }

    public static void main(String[] args) throws Exception {
        int starts = Integer.parseInt(System.getenv().getOrDefault("STARTS", "50"));
        int burst = Integer.parseInt(System.getenv().getOrDefault("DESCRIBE_BURST", "50"));
        double rate = Double.parseDouble(System.getenv().getOrDefault("DESCRIBE_RATE", "20"));
        // JIT warm-up of every code path, discarded, so that the order of the scenarios does not matter
        run("warm-up", 10, burst, rate, PACED, 100);
        run("warm-up", 10, burst, rate, Map.of("FARGATE_POLL_MIN", "1ms", "FARGATE_POLL_MAX", "1ms"), 1);
        List<Result> results = new ArrayList<>();
        results.add(run("paced + batched (ours)", starts, burst, rate, PACED, 100));
        results.add(run("paced, one task per call", starts, burst, rate, PACED, 1));
        results.add(run("naive (every call)", starts, burst, rate,
                Map.of("FARGATE_POLL_MIN", "1ms", "FARGATE_POLL_MAX", "1ms"), 1));
        System.out.printf("%n%d concurrent starts; tasks RUNNING %d s after RunTask; DescribeTasks limited to a "
                + "burst of %d and %.0f/s%n%n", starts, PROVISIONING.plus(PENDING).plus(ACTIVATING).toSeconds(),
                burst, rate);
        System.out.println("| backend | DescribeTasks calls | per start | tasks per call | throttled | seen RUNNING "
                + "after: p50 | p95 | max | all RUNNING (wall) | failed |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            List<Long> d = new ArrayList<>(r.detectMillis());
            Collections.sort(d);
            System.out.printf("| %s | %d | %.1f | %.1f | %d | %d ms | %d ms | %d ms | %.1f s | %d |%n", r.name(),
                    r.describeCalls(), r.describeCalls() / (double) r.starts(), r.tasksPerCall(), r.throttled(),
                    pct(d, 50),
                    pct(d, 95), d.isEmpty() ? -1 : d.get(d.size() - 1), r.wallMillis() / 1000.0, r.failed());
        }
    }

    private static long pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static Result run(String name, int starts, int burst, double rate, Map<String, String> overrides,
            int describeBatch) throws Exception {
        try (FakeEcs ecs = FakeEcs.start(FargateTestEnv.REGION, FargateTestEnv.CLUSTER)) {
            ecs.timeline(PROVISIONING, PENDING, ACTIVATING);
            ecs.rateLimit("DescribeTasks", burst, rate);
            Map<String, String> env = new HashMap<>(overrides);
            env.put("FARGATE_API_TIMEOUT", "60s"); // a loaded machine, not the backend, is slow
            try (FargateBackend backend = FargateBackend.create(FargateTestEnv.config(ecs, env), describeBatch)) {
                // warm the SDK (class loading, connection) outside the measurement
                backend.start(new TaskSpec(UUID.randomUUID(), FargateTestEnv.tool("web", 8888), "warm", Map.of()),
                        m -> { });
                int before = ecs.calls("DescribeTasks").size();
                ExecutorService pool = Executors.newFixedThreadPool(starts);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Long>> detect = new ArrayList<>();
                for (int i = 0; i < starts; i++) {
                    detect.add(pool.submit(() -> {
                        go.await();
                        return startAndWait(backend);
                    }));
                }
                long t0 = System.nanoTime();
                go.countDown();
                List<Long> delays = new ArrayList<>();
                int failed = 0;
                for (Future<Long> f : detect) {
                    long ms = f.get(120, TimeUnit.SECONDS);
                    if (ms < 0) {
                        failed++;
                    } else {
                        delays.add(ms);
                    }
                }
                long wall = (System.nanoTime() - t0) / 1_000_000;
                pool.shutdown();
                List<FakeEcs.Call> calls = ecs.calls("DescribeTasks");
                List<FakeEcs.Call> measured = calls.subList(before, calls.size());
                double perCall = measured.stream().mapToInt(c -> c.body().getJsonArray("tasks").size()).average()
                        .orElse(0);
                return new Result(name, starts, measured.size(), perCall, ecs.throttled("DescribeTasks"), delays,
                        wall, failed);
            }
        }
    }

    /** Starts a task and polls it as InstanceStarter does; returns how long after RUNNING it was seen, or -1. */
    private static long startAndWait(FargateBackend backend) throws BackendException, InterruptedException {
        long start = System.nanoTime();
        String arn = backend.start(new TaskSpec(UUID.randomUUID(), FargateTestEnv.tool("web", 8888), "u1", Map.of()),
                m -> { });
        long runningAt = start + PROVISIONING.plus(PENDING).plus(ACTIVATING).toNanos();
        long deadline = start + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            TaskStatus status = backend.status(arn);
            if (status instanceof TaskStatus.Running) {
                return Math.max(0, (System.nanoTime() - runningAt) / 1_000_000);
            }
            if (status instanceof TaskStatus.Exited) {
                return -1;
            }
            long pause = Math.max(5_000_000, Math.min(500_000_000, (System.nanoTime() - start) / 20));
            Thread.sleep(pause / 1_000_000);
        }
        return -1;
    }
}
