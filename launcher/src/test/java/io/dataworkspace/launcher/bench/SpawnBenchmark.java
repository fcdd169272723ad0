package io.dataworkspace.launcher.bench;

import io.dataworkspace.launcher.Launcher;
import io.dataworkspace.launcher.backend.HealthProbe;
import io.dataworkspace.launcher.instance.Endpoint;
import io.dataworkspace.launcher.instance.Instance;
import io.dataworkspace.launcher.instance.Phase;
import io.dataworkspace.launcher.instance.Progress;
import io.dataworkspace.launcher.testing.Poll;
import io.dataworkspace.launcher.testing.TestLauncher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Spawn throughput and the control plane's own overhead, with the local backend and a trivial tool that records
 * when it starts listening. For each spawn:
 * <ul>
 *   <li>queue = claimed − requested; launch = process started − claimed;</li>
 *   <li>tool = listening − process started (the tool's own start-up, not ours);</li>
 *   <li>detect = RUNNING − listening (health polling and the RUNNING transition);</li>
 *   <li>overhead = queue + launch + detect.</li>
 * </ul>
 * The same tool started directly (fork/exec, then polled until it answers) is measured in the same run as the peer.
 * Run with bench/spawn/run.sh. Not a test: nothing here runs in CI.
 */
public final class SpawnBenchmark {
    private static final String TOOL = """
            import http.server, sys, time
            port, out = int(sys.argv[1]), sys.argv[2]
            class Handler(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    self.send_response(200)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                def log_message(self, *args):
                    pass
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
            with open(out + ".tmp", "w") as f:
                f.write(repr(time.time()))
            import os
            os.rename(out + ".tmp", out)
            server.serve_forever()
            """;

    private record Sample(double queueMs, double launchMs, double toolMs, double detectMs, double totalMs) {
        double overheadMs() {
            return queueMs + launchMs + detectMs;
        }
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("spawn-bench");
        Path script = work.resolve("benchtool.py");
        Files.writeString(script, TOOL);
        Path tools = work.resolve("tools.yaml");
        Files.writeString(tools, """
                tools:
                  - slug: bench
                    name: Bench tool
                    healthPath: /
                    startupTimeout: 120s
                    local:
                      command: [python3, %s, "${PORT}", "${HOME}/listening-${INSTANCE_ID}"]
                """.formatted(script));
        StringBuilder table = new StringBuilder();
        table.append("| concurrent users | spawns | spawns/s | overhead p50 | overhead p90 | queue p50 | launch p50 "
                + "| detect p50 | tool start-up p50 | request→RUNNING p50 | direct start→answer p50 |\n");
        table.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        int[][] plans = {{1, 20}, {10, 3}, {100, 1}};
        for (int[] plan : plans) {
            int users = plan[0];
            int rounds = plan[1];
            Path dataDir = work.resolve("data-" + users);
            try (TestLauncher t = TestLauncher.start(dataDir, Map.of("TOOLS_FILE", tools.toString(),
                    "SPAWN_WORKERS", "128", "DATABASE_POOL_SIZE", "32"))) {
                List<Sample> samples = new ArrayList<>();
                double spawnSeconds = 0;
                for (int r = 0; r < rounds; r++) {
                    long begin = System.nanoTime();
                    List<Instance> started = spawnConcurrently(t.launcher(), users);
                    spawnSeconds += (System.nanoTime() - begin) / 1e9;
                    for (Instance i : started) {
                        samples.add(sample(t.launcher(), i, dataDir));
                    }
                    stopAll(t.launcher(), started);
                }
                List<Double> direct = direct(script, work, users, rounds);
                table.append(String.format("| %d | %d | %.1f | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms | "
                        + "%.1f ms | %.1f ms | %.1f ms |%n", users, samples.size(), samples.size() / spawnSeconds,
                        pct(samples.stream().map(Sample::overheadMs).toList(), 50),
                        pct(samples.stream().map(Sample::overheadMs).toList(), 90),
                        pct(samples.stream().map(Sample::queueMs).toList(), 50),
                        pct(samples.stream().map(Sample::launchMs).toList(), 50),
                        pct(samples.stream().map(Sample::detectMs).toList(), 50),
                        pct(samples.stream().map(Sample::toolMs).toList(), 50),
                        pct(samples.stream().map(Sample::totalMs).toList(), 50),
                        pct(direct, 50)));
                System.out.println("finished " + users + " concurrent users");
            }
        }
        System.out.println();
        System.out.print(table);
        System.exit(0);
    }

    private static List<Instance> spawnConcurrently(Launcher l, int users) throws Exception {
        List<String> userIds = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            userIds.add(l.users().create(UUID.randomUUID() + "@bench.test", "Bench", null, false).id());
        }
        ExecutorService pool = Executors.newFixedThreadPool(users);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Instance>> futures = new ArrayList<>();
        for (String userId : userIds) {
            futures.add(pool.submit(() -> {
                go.await();
                return l.spawns().requestStart(userId, "bench", null, null).instance();
            }));
        }
        go.countDown();
        List<Instance> running = new ArrayList<>();
        for (Future<Instance> f : futures) {
            Instance queued = f.get();
            running.add(Poll.until(Duration.ofMinutes(3), "spawn " + queued.id(), () -> l.instances()
                    .find(queued.id()).filter(i -> i.phase() == Phase.RUNNING || i.phase() == Phase.FAILED)));
        }
        pool.shutdown();
        for (Instance i : running) {
            if (i.phase() != Phase.RUNNING) {
                throw new IllegalStateException("spawn failed: " + i.state());
            }
        }
        return running;
    }

    private static Sample sample(Launcher l, Instance i, Path dataDir) throws IOException {
        Instant processStarted = l.instances().progress(i.id()).stream()
                .filter(p -> p.message().startsWith("Starting ")).map(Progress::at).findFirst().orElseThrow();
        Path listenFile = dataDir.resolve("home").resolve(i.userId()).resolve("listening-" + i.id());
        double listening = Double.parseDouble(Files.readString(listenFile).trim());
        Instant listenAt = Instant.ofEpochMilli(Math.round(listening * 1000));
        return new Sample(ms(i.createdAt(), i.startedAt()), ms(i.startedAt(), processStarted),
                ms(processStarted, listenAt), ms(listenAt, i.runningAt()), ms(i.createdAt(), i.runningAt()));
    }

    private static void stopAll(Launcher l, List<Instance> instances) {
        for (Instance i : instances) {
            l.spawns().requestStop(i, "benchmark round over", null, null);
        }
        for (Instance i : instances) {
            Poll.until(Duration.ofMinutes(1), "stop " + i.id(),
                    () -> l.instances().find(i.id()).filter(x -> x.phase() == Phase.STOPPED));
        }
    }

    /** The peer: the same tool started directly, concurrently, and polled until it answers. */
    private static List<Double> direct(Path script, Path work, int users, int rounds) throws Exception {
        HealthProbe probe = new HealthProbe();
        List<Double> samples = Collections.synchronizedList(new ArrayList<>());
        for (int r = 0; r < rounds; r++) {
            ExecutorService pool = Executors.newFixedThreadPool(users);
            List<Future<Process>> started = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                started.add(pool.submit(() -> {
                    int port = freePort();
                    long begin = System.nanoTime();
                    Process p = new ProcessBuilder("python3", script.toString(), Integer.toString(port),
                            work.resolve("direct-" + UUID.randomUUID()).toString())
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    Endpoint endpoint = new Endpoint("127.0.0.1", port);
                    Poll.until(Duration.ofMinutes(2), "direct tool", () -> probe.answers(endpoint, "/",
                            Duration.ofSeconds(2)) ? Optional.of(true) : Optional.empty());
                    samples.add((System.nanoTime() - begin) / 1e6);
                    return p;
                }));
            }
            for (Future<Process> f : started) {
                Process p = f.get();
                p.destroy();
                p.waitFor();
            }
            pool.shutdown();
        }
        return samples;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static double ms(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private static double pct(List<Double> values, int percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
