package io.dataworkspace.s3sync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.s3sync.testing.Await;
import io.dataworkspace.s3sync.testing.S3Fixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded soak: random local and remote writes and deletions on a small set of paths (so they
 * collide) for a fixed time, then both sides must converge, and a manifest of the last write to
 * every path must be found intact (at the path or in a conflict copy of it).
 */
class SoakIT {
    private static final Duration OPS_FOR = Duration.ofSeconds(Long.getLong("soak.seconds", 12));
    private static final List<String> PATHS = List.of("a.txt", "b.txt", "c.csv", "d/one.txt", "d/two.txt",
            "d/e/deep.txt", "f/notes.md", "f/g/data.json", "h.txt", "i/j.txt");

    private record Op(boolean write, String content) {
    }

    @Test
    void shouldConvergeAndLoseNothingUnderRandomConcurrentChanges(@TempDir Path store, @TempDir Path dir) throws Exception {
        long seed = Long.getLong("soak.seed", System.nanoTime());
        Random rnd = new Random(seed);
        String prefix = "soak/";
        Map<String, Op> last = new HashMap<>();
        Set<String> everWritten = new HashSet<>();
        try (S3Fixture s3 = new S3Fixture(store.resolve("s3"));
             Harness h = new Harness(s3, dir, prefix, Map.of("S3SYNC_POLL_INTERVAL", "200ms",
                     "S3SYNC_STABLE_WINDOW", "50ms", "S3SYNC_FULL_SCAN_INTERVAL", "3s")).start()) {
            h.awaitIdle();
            long end = System.nanoTime() + OPS_FOR.toNanos();
            int n = 0;
            while (System.nanoTime() < end) {
                String p = PATHS.get(rnd.nextInt(PATHS.size()));
                int kind = rnd.nextInt(10);
                String content = "op " + (++n) + " seed " + seed + " " + "x".repeat(rnd.nextInt(2000));
                if (kind < 4) {
                    h.write(p, "local " + content);
                    last.put(p, new Op(true, "local " + content));
                    everWritten.add("local " + content);
                } else if (kind < 7) {
                    s3.put(prefix + p, "remote " + content);
                    last.put(p, new Op(true, "remote " + content));
                    everWritten.add("remote " + content);
                } else if (kind < 9) {
                    Files.deleteIfExists(dir.resolve(p));
                    last.put(p, new Op(false, null));
                } else {
                    s3.delete(prefix + p);
                    last.put(p, new Op(false, null));
                }
                LockSupport.parkNanos(Duration.ofMillis(5 + rnd.nextInt(40)).toNanos()); // pacing, not waiting
            }
            Await.until("both sides converge (seed " + seed + ")", Duration.ofSeconds(90), () -> {
                try {
                    return h.engine.awaitIdle(Duration.ofMillis(100)) && h.localFiles().equals(h.remoteFiles());
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            Map<String, String> files = h.localFiles();
            assertThat(h.remoteFiles()).as("seed %d", seed).isEqualTo(files);
            assertThat(everWritten).as("every file holds exactly some written content (seed %d)", seed)
                    .containsAll(files.values());
            for (Map.Entry<String, Op> e : last.entrySet()) {
                if (!e.getValue().write()) {
                    continue;
                }
                String p = e.getKey();
                String stem = p.contains(".") ? p.substring(0, p.lastIndexOf('.')) : p;
                assertThat(files.entrySet()).as("last write to %s survives (seed %d)", p, seed)
                        .anySatisfy(f -> {
                            assertThat(f.getKey().equals(p) || f.getKey().startsWith(stem + " (conflict ")).isTrue();
                            assertThat(f.getValue()).isEqualTo(e.getValue().content());
                        });
            }
            assertThat(n).isGreaterThan(50);
        }
    }
}
