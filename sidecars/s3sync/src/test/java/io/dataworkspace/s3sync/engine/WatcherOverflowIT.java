package io.dataworkspace.s3sync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.s3sync.local.ChangeSource;
import io.dataworkspace.s3sync.local.FolderWatcher;
import io.dataworkspace.s3sync.testing.Await;
import io.dataworkspace.s3sync.testing.S3Fixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events lost by the watcher (an overflow) are recovered by the full scan it triggers. */
class WatcherOverflowIT {
    @Test
    void shouldRecoverEventsLostInAnOverflowWithAFullScan(@TempDir Path store, @TempDir Path dir) throws Exception {
        AtomicReference<FolderWatcher.Listener> listener = new AtomicReference<>();
        // a change source that drops every event, like an overflowing inotify queue
        ChangeSource.Factory dropping = (tree, l) -> new ChangeSource() {
            @Override
            public void start() {
                listener.set(l);
            }

            @Override
            public void close() {
            }
        };
        try (S3Fixture s3 = new S3Fixture(store.resolve("s3"));
             Harness h = new Harness(s3, dir, "o/", Map.of(), dropping).start()) {
            h.awaitIdle();
            for (int i = 0; i < 50; i++) {
                h.write("lost/" + i + ".txt", "event " + i + " was dropped");
            }
            h.awaitIdle();
            assertThat(h.remoteFiles()).as("nothing seen without events or a scan").isEmpty();
            listener.get().overflow();
            Await.until("all 50 files uploaded after the overflow", Duration.ofSeconds(20),
                    () -> h.remoteFiles().size() == 50);
            assertThat(h.remoteFiles()).containsEntry("lost/7.txt", "event 7 was dropped");
        }
    }

    @Test
    void shouldFindMissedChangesWithThePeriodicFullScan(@TempDir Path store, @TempDir Path dir) throws Exception {
        ChangeSource.Factory deaf = (tree, l) -> new ChangeSource() {
            @Override
            public void start() {
            }

            @Override
            public void close() {
            }
        };
        try (S3Fixture s3 = new S3Fixture(store.resolve("s3"));
             Harness h = new Harness(s3, dir, "p/", Map.of("S3SYNC_FULL_SCAN_INTERVAL", "500ms"), deaf).start()) {
            h.awaitIdle();
            h.write("unseen.txt", "found by the scan");
            Await.until("uploaded by the periodic scan", Duration.ofSeconds(20),
                    () -> "found by the scan".equals(s3.get("p/unseen.txt")));
        }
    }
}
