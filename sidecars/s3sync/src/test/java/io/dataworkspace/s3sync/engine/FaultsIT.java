package io.dataworkspace.s3sync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.s3sync.testing.Await;
import io.dataworkspace.s3sync.testing.FaultyBlobStore.Mode;
import io.dataworkspace.s3sync.testing.S3Fixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures injected in the S3 server: nothing is lost, nothing is deleted locally, everything catches up. */
class FaultsIT {
    private static final Duration T = Duration.ofSeconds(30);
    @TempDir
    Path storeDir;
    S3Fixture s3;

    @BeforeEach
    void startS3() throws Exception {
        s3 = new S3Fixture(storeDir.resolve("store"));
    }

    @AfterEach
    void stopS3() throws Exception {
        s3.close();
    }

    @Test
    void shouldRetryAFailedUploadAndNeverCountItAsSynced(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness(s3, dir, "f/1/", Map.of()).start()) {
            h.awaitIdle();
            s3.faults().mode(Mode.FAIL_WRITES);
            h.write("results.parquet", "42");
            Await.until("several failed attempts", T, () -> h.metrics.errors("upload") >= 3);
            assertThat(h.read("results.parquet")).isEqualTo("42");
            for (String name : new String[] {"state.tsv", "state.journal"}) {
                Path stateFile = dir.resolve(".s3sync").resolve(name);
                assertThat(Files.exists(stateFile) ? Files.readString(stateFile) : "").doesNotContain("results.parquet");
            }
            s3.faults().mode(Mode.HEALTHY);
            Await.until("uploaded after recovery", T, () -> "42".equals(s3.get("f/1/results.parquet")));
            assertThat(h.read("results.parquet")).isEqualTo("42");
        }
    }

    @Test
    void shouldNeverDeleteLocalFilesWhenCredentialsExpire(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness(s3, dir, "f/2/", Map.of()).start()) {
            h.write("keep.txt", "keep");
            Await.until("uploaded", T, () -> "keep".equals(s3.get("f/2/keep.txt")));
            h.awaitIdle();
            s3.faults().mode(Mode.EXPIRED_CREDENTIALS);
            int before = s3.faults().refused();
            Await.until("several refused listings", T, () -> s3.faults().refused() >= before + 5);
            Files.delete(dir.resolve("keep.txt"));
            h.write("keep.txt", "edited while refused");
            Await.until("several refused uploads", T, () -> h.metrics.errors("upload") >= 2);
            // health turns bad once no listing has succeeded for three poll intervals
            Await.until("unhealthy while credentials are refused", T, () -> !h.engine.health().ok());
            assertThat(h.read("keep.txt")).isEqualTo("edited while refused");
            s3.faults().mode(Mode.HEALTHY);
            Await.until("caught up", T, () -> "edited while refused".equals(s3.get("f/2/keep.txt")));
            Await.until("healthy again", T, () -> h.engine.health().ok());
        }
    }

    @Test
    void shouldCatchUpAfterAnOutageHavingLostNothing(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness(s3, dir, "f/3/", Map.of()).start()) {
            h.write("a.txt", "a");
            h.write("b.txt", "b");
            Await.until("uploaded", T, () -> h.remoteFiles().size() == 2);
            h.awaitIdle();
            s3.faults().mode(Mode.OUTAGE);
            for (int i = 0; i < 30; i++) {
                h.write("during/" + i + ".txt", "file " + i);
            }
            Files.delete(dir.resolve("a.txt"));
            h.write("b.txt", "b2");
            Await.until("outage noticed", T, () -> !h.engine.health().ok() && h.metrics.errors("upload") >= 5);
            assertThat(h.localFiles()).hasSize(31);
            s3.faults().mode(Mode.HEALTHY);
            Await.until("converged", T, () -> h.remoteFiles().equals(h.localFiles()));
            assertThat(h.remoteFiles()).hasSize(31).containsEntry("b.txt", "b2").doesNotContainKey("a.txt")
                    .containsEntry("during/29.txt", "file 29");
        }
    }

    @Test
    void shouldFlushPendingUploadsOnGracefulStopWithinTheBound(@TempDir Path dir) throws Exception {
        Harness h = new Harness(s3, dir, "f/4/", Map.of("S3SYNC_STABLE_WINDOW", "1h")).start();
        h.awaitIdle();
        h.write("last-minute.txt", "saved at shutdown");
        Await.until("change seen", T, () -> h.engine.pendingCount() > 0);
        assertThat(h.engine.stop(Duration.ofSeconds(10))).isTrue();
        h.remote.close();
        assertThat(s3.get("f/4/last-minute.txt")).isEqualTo("saved at shutdown");
        assertThat(Files.readString(dir.resolve(".s3sync/state.tsv"))).contains("last-minute.txt");
    }

    @Test
    void shouldStopWithinTheBoundWhenS3IsDownAndKeepTheChangeForNextStart(@TempDir Path dir) throws Exception {
        Harness h = new Harness(s3, dir, "f/5/", Map.of()).start();
        h.awaitIdle();
        s3.faults().mode(Mode.OUTAGE);
        h.write("pending.txt", "not yet uploaded");
        Await.until("change seen", T, () -> h.engine.pendingCount() > 0);
        long t0 = System.nanoTime();
        assertThat(h.engine.stop(Duration.ofSeconds(2))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        h.remote.close();
        assertThat(h.read("pending.txt")).isEqualTo("not yet uploaded");
        s3.faults().mode(Mode.HEALTHY);
        try (Harness again = new Harness(s3, dir, "f/5/", Map.of()).start()) {
            Await.until("uploaded at next start", T, () -> "not yet uploaded".equals(s3.get("f/5/pending.txt")));
            assertThat(again.read("pending.txt")).isEqualTo("not yet uploaded");
        }
    }
}
