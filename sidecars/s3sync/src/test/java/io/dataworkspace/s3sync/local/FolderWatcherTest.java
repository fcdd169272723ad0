package io.dataworkspace.s3sync.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.s3sync.config.SyncConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderWatcherTest {
    final Set<String> changed = ConcurrentHashMap.newKeySet();
    final AtomicInteger overflows = new AtomicInteger();
    final FolderWatcher.Listener listener = new FolderWatcher.Listener() {
        @Override
        public void changed(List<String> relPaths) {
            changed.addAll(relPaths);
        }

        @Override
        public void overflow() {
            overflows.incrementAndGet();
        }
    };

    @Test
    void shouldReportAnOverflowWhenEventsAreDropped(@TempDir Path dir) throws Exception {
        try (FolderWatcher w = new FolderWatcher(new LocalTree(dir, new Exclusions(SyncConfig.DEFAULT_EXCLUDES)), listener)) {
            w.registerAll();
            // nobody drains the queue while 2,000 files appear: the JDK keeps at most 512 events per key
            for (int i = 0; i < 2000; i++) {
                Files.writeString(dir.resolve("f" + i), "x");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (overflows.get() == 0 && System.nanoTime() < deadline) {
                w.pollOnce(Duration.ofMillis(200));
            }
            assertThat(overflows.get()).isPositive();
        }
    }

    @Test
    void shouldWatchNewFoldersRecursivelyAndSkipExcludedOnes(@TempDir Path dir) throws Exception {
        try (FolderWatcher w = new FolderWatcher(new LocalTree(dir, new Exclusions(SyncConfig.DEFAULT_EXCLUDES)), listener)) {
            w.start();
            Files.createDirectories(dir.resolve("a/b"));
            pollUntil(() -> changed.contains("a"));
            int watched = w.watchedFolders();
            assertThat(watched).isGreaterThanOrEqualTo(2);
            Files.createDirectories(dir.resolve("a/b/c"));
            Files.writeString(dir.resolve("a/b/c/new.txt"), "x");
            pollUntil(() -> changed.contains("a/b/c/new.txt") || changed.contains("a/b/c"));
            Files.createDirectories(dir.resolve("__pycache__"));
            Files.writeString(dir.resolve("__pycache__/m.pyc"), "x");
            Files.writeString(dir.resolve("marker.txt"), "x");
            pollUntil(() -> changed.contains("marker.txt"));
            assertThat(changed).noneMatch(p -> p.startsWith("__pycache__"));
        }
    }

    private static void pollUntil(java.util.function.BooleanSupplier c) {
        io.dataworkspace.s3sync.testing.Await.until("watcher event", Duration.ofSeconds(10), c);
    }
}
